// One agent's Assignments stream: a COMPLETE set of its pods and the ConfigMaps and Secrets they
// use, with every Service and Endpoints, then INCREMENTAL changes read from the store's watch. Changes are batched (100 ms, at
// most 100 a message) as SwarmKit does, so a burst of pods costs a few messages, not one each.
import { ExpiredError, type ApiObject, type Pod } from "@skiff/api";
import type { Store } from "@skiff/store";
import type { AssignmentsMessage } from "@skiff/proto";
import type { Logger } from "../log.js";
import { AssignmentTracker, type Change } from "./assignment-diff.js";

export const BATCH_WINDOW_MS = 100;
export const BATCH_MAX = 100;
const KINDS = ["Pod", "ConfigMap", "Secret", "Service", "Endpoints"];

export interface AssignmentsOptions {
  store: Store;
  nodeName: string;
  log: Logger;
  signal: AbortSignal;
  send: (message: AssignmentsMessage) => Promise<void>;
}

/** Runs until the signal aborts; throws ExpiredError when the watch fell too far behind. */
export async function streamAssignments(o: AssignmentsOptions): Promise<void> {
  // Each kind is listed at its own revision; the watch starts at the oldest and skips, per kind,
  // what its list already showed, so nothing is missed and nothing goes backwards.
  const lists = await Promise.all(KINDS.map((k) => o.store.list(k)));
  const listedAt = new Map(KINDS.map((k, i) => [k, lists[i]?.revision ?? 0]));
  const from = Math.min(...listedAt.values());
  const tracker = new AssignmentTracker(o.nodeName);
  const [pods, configMaps, secrets, services, endpoints] = lists.map((l) => l?.items ?? []);
  const initial = tracker.complete(pods as Pod[], [...(configMaps ?? []), ...(secrets ?? [])], [...(services ?? []), ...(endpoints ?? [])]);
  let sequence = 1;
  await o.send({ type: "COMPLETE", resultsIn: sequence, appliesTo: 0, changes: initial.map(toAssignment) });
  o.log.debug({ node: o.nodeName, objects: initial.length, revision: from }, "sent complete assignment set");

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
    for await (const ev of o.store.watch({ fromRevision: from, signal: o.signal })) {
      const listed = listedAt.get(ev.object.kind);
      if (listed === undefined || ev.revision <= listed) continue;
      const changes = tracker.onEvent(ev.type, ev.object);
      if (changes.length === 0) continue;
      pending.push(...changes);
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
  return { action: c.action, kind: c.object.kind, objectJson: JSON.stringify(c.object as ApiObject) };
}
