// Store.watch on etcd: skiff's own loop over raw etcd watch streams.
//
// Why not etcd3's Watcher: on reconnect it resumes from the revision of the last response
// *header*, and the "created" response already carries the current revision, so a stream cut
// before the replay arrives silently drops the backlog; and it hides compaction behind a bare
// "Watcher canceled" (reference/etcd.md, gotchas 1 and 2). Here the cursor moves only when every
// event of a revision has been handed to the caller, a broken stream is reopened at cursor + 1,
// and a compacted start (or a missing prev_kv) ends the watch with ExpiredError, so the caller
// re-lists. What no reopening can fix (a value that is not an object, etcd canceling the watch)
// ends it with a WatchFailedError naming the key: retried, it would go silent forever.
import { ExpiredError, deepFreeze, sleep } from "@skiff/api";
import type { Etcd3, IEvent, IWatchResponse } from "etcd3";
import { decodeValue, prefixEnd } from "./etcd-keys.js";
import { onMemberAvoided } from "./etcd-client.js";
import { EtcdWatchStream } from "./etcd-watch-stream.js";
import type { StoredEvent } from "./history.js";
import { kindPrefix, namespacePrefix } from "./keys.js";
import { movedFrom } from "./pod-node.js";
import type { WatchEvent, WatchOptions } from "./types.js";
import { eventFor } from "./watch-filter.js";

export interface WatchSource {
  client: Etcd3;
  prefix: string;
  /** Aborts when the store closes: every watch then ends. */
  closed: AbortSignal;
  /** A revision etcd reported (the store's revision() keeps the highest). */
  sawRevision(revision: number): void;
  /** Between attempts to reopen a broken stream: `firstMs` doubling to `maxMs`. */
  retry: WatchRetry;
}

export interface WatchRetry {
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_WATCH_RETRY: WatchRetry = { firstMs: 100, maxMs: 2_000 };

/** The watch cannot go on from where it is: reopening it at the same revision would fail the same way. */
export class WatchFailedError extends Error {}

export async function* followEtcd(source: WatchSource, options: WatchOptions): AsyncGenerator<WatchEvent> {
  const signal = options.signal ? AbortSignal.any([options.signal, source.closed]) : source.closed;
  const key = Buffer.from(source.prefix + watchedPrefix(options));
  const isWanted = wantedKeys(source.prefix, options);
  let cursor = options.fromRevision; // every change up to here is delivered (or not wanted)
  let retryMs = source.retry.firstMs;
  while (!signal.aborted) {
    let stream: EtcdWatchStream | undefined;
    let stopListening = () => {};
    try {
      stream = await EtcdWatchStream.open(source.client, {
        key,
        range_end: prefixEnd(key),
        start_revision: cursor + 1,
        prev_kv: true,
        progress_notify: true,
      });
      // This stream may be waiting on that member, which no longer answers: reopen on one that does.
      const opened = stream;
      stopListening = onMemberAvoided(source.client, (member) => opened.abandon(`etcd member ${member} stopped answering`));
      for (;;) {
        const response = await stream.next(signal);
        if (!response) return; // aborted or store closed
        checkNotCompacted(response, cursor);
        if (response.canceled) throw new WatchFailedError(`etcd canceled the watch of ${key.toString()} at revision ${cursor + 1}: ${response.cancel_reason || "no reason given"}`);
        retryMs = source.retry.firstMs;
        source.sawRevision(Number(response.header.revision));
        for (const [revision, events] of byRevision(response.events)) {
          const wanted = events.flatMap((e) => (isWanted(e.kv.key) ? (eventFor(storedEvent(e, cursor), revision, options) ?? []) : []));
          wanted.forEach((event, i) => (event.lastOfRevision = i === wanted.length - 1));
          for (const event of wanted) {
            if (signal.aborted) return;
            if (options.filter && !options.filter(event.object)) continue;
            yield event;
          }
          cursor = revision;
        }
      }
    } catch (err) {
      if (err instanceof ExpiredError || err instanceof WatchFailedError) throw err;
      if (signal.aborted) return;
      // The stream broke (etcd restarted, the connection dropped): open another from cursor + 1.
      await sleep(retryMs, signal);
      retryMs = Math.min(retryMs * 2, source.retry.maxMs);
    } finally {
      stopListening();
      stream?.close();
    }
  }
}

/** The narrowest key prefix that holds everything this watch wants. */
function watchedPrefix({ kind, namespace }: WatchOptions): string {
  if (!kind) return "/";
  return namespace ? namespacePrefix(kind, namespace) : kindPrefix(kind);
}

/**
 * Which keys' values this watch decodes: objects (`/<kind>/<namespace>/<name>`), of its kinds
 * when it names several. A watch of several kinds, or of all, covers the whole prefix, and the
 * prefix holds keys that are not objects: the leader key `<prefix>/system/leader` holds a bare
 * identity (etcd-leader-key.ts). Decoding one failed, the loop took that for a broken stream and
 * reopened it at the same revision, forever (issue 14: an agent's Assignments stream went silent
 * at the next leader election).
 */
function wantedKeys(prefix: string, { kinds }: WatchOptions): (key: Buffer) => boolean {
  const kindPrefixes = kinds?.map((k) => Buffer.from(prefix + kindPrefix(k)));
  return (key) => {
    if (kindPrefixes && !kindPrefixes.some((p) => key.subarray(0, p.length).equals(p))) return false;
    return key.subarray(prefix.length).toString("utf8").split("/").length === 4; // "", kind, namespace, name
  };
}

function checkNotCompacted(response: IWatchResponse, cursor: number): void {
  const compacted = Number(response.compact_revision);
  if (compacted > 0) {
    throw new ExpiredError(
      `revision ${cursor} is too old; etcd has compacted history up to ${compacted}: re-list and watch again`,
    );
  }
}

/** etcd sends a revision's events together, in the order the txn wrote them; keep them together. */
function byRevision(events: IEvent[]): Map<number, IEvent[]> {
  const groups = new Map<number, IEvent[]>();
  for (const event of events) {
    const revision = Number(event.kv.mod_revision);
    const group = groups.get(revision);
    if (group) group.push(event);
    else groups.set(revision, [event]);
  }
  return groups;
}

/** One etcd event as the store's history would hold it: frozen, shared by this watch's caller. */
function storedEvent(event: IEvent, cursor: number): StoredEvent {
  const revision = event.kv.mod_revision;
  if (event.type === "Put") {
    const object = deepFreeze(decoded(event.kv));
    if (event.kv.create_revision === revision) return { type: "ADDED", object };
    // prevLabels decide ADDED/DELETED under a selector; without prev_kv the answer would be a guess.
    const previous = decoded(requirePrevious(event, cursor));
    return { type: "MODIFIED", object, prevLabels: previous.metadata.labels, ...movedFrom(previous, object) };
  }
  // A delete carries no value: the last state comes from prev_kv, stamped with the deleting revision.
  return { type: "DELETED", object: deepFreeze(decoded(requirePrevious(event, cursor), revision)) };
}

function decoded(kv: IEvent["kv"], revision?: number | string): ReturnType<typeof decodeValue> {
  try {
    return decodeValue(kv, revision === undefined ? undefined : String(revision));
  } catch (err) {
    throw new WatchFailedError(`the value of ${kv.key.toString()} at revision ${kv.mod_revision} is not a stored object (${(err as Error).message})`);
  }
}

function requirePrevious(event: IEvent, cursor: number): NonNullable<IEvent["prev_kv"]> {
  // etcd leaves prev_kv out when the previous version was compacted away (K8s: "etcd event
  // received with PrevKv=nil"): this watch cannot tell what changed, so it must re-list.
  if (!event.prev_kv) {
    throw new ExpiredError(`revision ${cursor} is too old; etcd no longer has the state before revision ${event.kv.mod_revision}: re-list and watch again`);
  }
  return event.prev_kv;
}
