// One agent's Assignments stream: a COMPLETE set of its pods, then INCREMENTAL changes read
// from the store's watch. Changes are batched (100 ms, at most 100 a message) as SwarmKit does,
// so a burst of pods costs a few messages, not one each.
import { ExpiredError, type Pod } from "@skiff/api";
import type { Store, WatchEvent } from "@skiff/store";
import type { AssignmentsMessage } from "@skiff/proto";
import type { Logger } from "../log.js";
import { boundTo, changeFor, signature, type Change } from "./assignment-diff.js";

export const BATCH_WINDOW_MS = 100;
export const BATCH_MAX = 100;

export interface AssignmentsOptions {
  store: Store;
  nodeName: string;
  log: Logger;
  signal: AbortSignal;
  send: (message: AssignmentsMessage) => Promise<void>;
}

/** Runs until the signal aborts; throws ExpiredError when the watch fell too far behind. */
export async function streamAssignments(o: AssignmentsOptions): Promise<void> {
  const { items, revision } = await o.store.list("Pod");
  const mine = (items as Pod[]).filter((p) => boundTo(p, o.nodeName));
  const sent = new Map(mine.map((p) => [p.metadata.uid ?? "", signature(p)]));
  let sequence = 1;
  await o.send({ type: "COMPLETE", resultsIn: sequence, appliesTo: 0, changes: mine.map((p) => toAssignment({ action: "UPDATE", pod: p })) });
  o.log.debug({ node: o.nodeName, pods: mine.length, revision }, "sent complete assignment set");

  let pending: Change[] = [];
  let timer: NodeJS.Timeout | undefined;
  let flushing = Promise.resolve();
  const flush = () => {
    timer = undefined;
    const batch = pending;
    pending = [];
    flushing = flushing.then(async () => {
      for (let i = 0; i < batch.length; i += BATCH_MAX) {
        const changes = batch.slice(i, i + BATCH_MAX).map(toAssignment);
        await o.send({ type: "INCREMENTAL", appliesTo: sequence, resultsIn: sequence + 1, changes });
        sequence += 1;
      }
    });
  };
  try {
    for await (const ev of o.store.watch({ kind: "Pod", fromRevision: revision, signal: o.signal }) as AsyncIterable<WatchEvent>) {
      const change = changeFor(ev.type, ev.object as Pod, o.nodeName, sent);
      if (!change) continue;
      pending.push(change);
      if (pending.length >= BATCH_MAX) {
        clearTimeout(timer);
        flush();
      } else timer ??= setTimeout(flush, BATCH_WINDOW_MS);
    }
  } catch (err) {
    if (err instanceof ExpiredError) o.log.info({ node: o.nodeName }, "assignments watch expired; the agent will reconnect for a complete set");
    throw err;
  } finally {
    clearTimeout(timer);
    await flushing.catch(() => undefined);
  }
}

function toAssignment(c: Change) {
  return { action: c.action, podJson: JSON.stringify(c.pod) };
}
