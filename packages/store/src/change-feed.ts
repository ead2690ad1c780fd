// The live end of the store: committed changes go in, watches read them out in revision order.
//
// A watch is a cursor over History, not a queue. It replays what History holds after its
// starting revision, then sleeps until the next commit and reads on. Because the cursor only
// ever asks for "the change at cursor + 1", there is no gap and no duplicate however writes race
// the start of a watch, and a slow watcher uses no memory: if it falls so far behind that
// History has forgotten its next change, it ends with ExpiredError and must re-list.
//
// A commit wakes only the sleeping watches it has an event for (kind, namespace, selector and
// filter). Sleepers are kept by the kinds they watch, and a node's watch of its own Pods by that
// node, so a commit asks only those of its kinds and nodes; the rest are not touched at all. A woken watch jumps to the change that woke it: every commit
// since it fell asleep was of no concern to it, or it would have been woken earlier. With a
// thousand nodes' Assignments streams asleep, a pod's commit resumes one and an Event's none.
import { ExpiredError, ValidationError, deepFreeze } from "@skiff/api";
import type { Change, History } from "./history.js";
import type { WatchEvent, WatchOptions } from "./types.js";
import { nodeNameOf } from "./pod-node.js";
import { eventFor } from "./watch-filter.js";

/** A watch waiting for the next commit: where its cursor is, and how to wake it. */
interface Sleeper {
  place: { cursor: number };
  options: WatchOptions;
  /** Woken by a commit: `revision` is the change it concerns. Without one: close or abort. */
  wake: (revision?: number) => void;
}

/** Sleepers of any kind are filed under this key; those of one node's Pods under podsOf(node). */
const ANY_KIND = "";
const podsOf = (node: string) => `Pod\0${node}`;

export class ChangeFeed {
  private closed = false;
  /** Sleeping watches by the kind they watch (ANY_KIND: every kind; podsOf(node): one node's Pods). */
  private sleepers = new Map<string, Set<Sleeper>>();
  /** How many times a sleeping watch was woken by a commit (not by close or abort): for tests. */
  wakeups = 0;
  /** How many times a commit asked a sleeping watch whether it concerns it: for tests. */
  asked = 0;

  constructor(readonly history: History) {}

  /**
   * Record a committed change and wake the waiting watches it concerns. Call in revision order. The change's
   * objects are frozen here, once: every watcher gets the same objects, none gets a copy.
   */
  publish(change: Change): void {
    deepFreeze(change);
    this.history.append(change);
    for (const key of [...filingKeys(change), ANY_KIND]) {
      const asleep = this.sleepers.get(key);
      if (!asleep) continue;
      // wake() removes the sleeper from this set; a Set's iteration allows that.
      for (const sleeper of asleep) {
        // A watch that starts in the future sleeps until the store gets there.
        if (sleeper.place.cursor >= change.revision) continue;
        this.asked += 1;
        if (!concerns(change, sleeper.options)) continue;
        this.wakeups += 1;
        sleeper.wake(change.revision);
      }
    }
  }

  /** End every watch (each finishes its current next() with done). */
  close(): void {
    this.closed = true;
    this.wakeAll();
  }

  watch(options: WatchOptions): AsyncIterable<WatchEvent> {
    const { fromRevision } = options;
    if (!Number.isSafeInteger(fromRevision) || fromRevision < 0) {
      throw new ValidationError([{ path: "fromRevision", message: `must be a whole number >= 0, got ${fromRevision}` }]);
    }
    return { [Symbol.asyncIterator]: () => this.follow(options) };
  }

  private async *follow(options: WatchOptions): AsyncGenerator<WatchEvent> {
    const { signal } = options;
    const ended = () => this.closed || signal?.aborted === true;
    // Every change up to the cursor is delivered (or not wanted). publish() moves it too, while
    // the watch sleeps, past changes of no kind or namespace it watches.
    const place = { cursor: options.fromRevision };
    while (!ended()) {
      if (place.cursor < this.history.compacted) throw expired(place.cursor, this.history.compacted);
      const change = this.history.at(place.cursor + 1);
      if (!change) {
        await this.nextCommit(place, options);
        continue;
      }
      place.cursor = change.revision;
      const events = change.events.flatMap((stored) => eventFor(stored, change.revision, options) ?? []);
      events.forEach((event, i) => (event.lastOfRevision = i === events.length - 1));
      for (const event of events) {
        if (ended()) return;
        // Asked now, not when the change was read: the watcher may have changed its mind while
        // it handled the event before (a node whose new pod uses a ConfigMap wants that ConfigMap).
        if (options.filter && !options.filter(event.object)) continue;
        yield event;
      }
    }
  }

  /** Resolves at the next publish that concerns the watch, at close, or when its signal aborts, whichever comes first. */
  private nextCommit(place: Sleeper["place"], options: WatchOptions): Promise<void> {
    const { signal } = options;
    const keys = watchedKeys(options);
    return new Promise((resolve) => {
      const abort = () => sleeper.wake();
      const sleeper: Sleeper = {
        place,
        options,
        wake: (revision) => {
          for (const key of keys) this.sleepers.get(key)?.delete(sleeper);
          signal?.removeEventListener("abort", abort);
          // Every change between the cursor and this one was of no concern: skip them unread.
          if (revision !== undefined) place.cursor = Math.max(place.cursor, revision - 1);
          resolve();
        },
      };
      for (const key of keys) {
        const asleep = this.sleepers.get(key) ?? new Set<Sleeper>();
        asleep.add(sleeper);
        this.sleepers.set(key, asleep);
      }
      signal?.addEventListener("abort", abort, { once: true });
    });
  }

  private wakeAll(): void {
    const all = new Set([...this.sleepers.values()].flatMap((asleep) => [...asleep]));
    for (const sleeper of all) sleeper.wake();
  }
}

/**
 * Whether a sleeping watch would deliver anything of this change. Its `filter` may be asked
 * here: asleep, it has handled every event before this one, as the filter's contract wants.
 * A filter that throws wakes it, to throw in its own loop rather than in the commit's.
 */
function concerns(change: Change, options: WatchOptions): boolean {
  try {
    return change.events.some((e) => eventFor(e, change.revision, options) !== undefined && (!options.filter || options.filter(e.object)));
  } catch {
    return true;
  }
}

/** Where a watch is filed while it sleeps: by `kind`, else `kinds`, else every kind; Pods by `node` when it has one. */
function watchedKeys(options: WatchOptions): readonly string[] {
  const kinds = options.kind ? [options.kind] : options.kinds ? [...new Set(options.kinds)] : [ANY_KIND];
  return options.node ? kinds.map((k) => (k === "Pod" ? podsOf(options.node!) : k)) : kinds;
}

/** The filing keys a change concerns: its kinds, and for Pods also the nodes they are (or were) bound to. */
function filingKeys(change: Change): Set<string> {
  const keys = new Set<string>();
  for (const { object, prevNodeName } of change.events) {
    keys.add(object.kind);
    const node = nodeNameOf(object);
    if (node !== undefined) keys.add(podsOf(node));
    if (prevNodeName !== undefined) keys.add(podsOf(prevNodeName));
  }
  return keys;
}

function expired(revision: number, compacted: number): ExpiredError {
  return new ExpiredError(
    `revision ${revision} is too old; the oldest kept is ${compacted + 1}: re-list and watch again`,
  );
}
