// One agent's Assignments stream: a COMPLETE set of its pods and the ConfigMaps and Secrets they
// use, with every Service and Endpoints, then INCREMENTAL changes read from the store's watch.
// Changes go out at once; those that come while a message is on its way go together in the next
// (at most 100 a message), so a burst of pods costs a few messages and a lone pod waits for nothing
// (SwarmKit waits 100 ms to batch; skiff batches only what the wire makes wait anyway).
//
// The watch is filtered at the source (the store asks the tracker before each event): a node
// hears of its own pods, the configs they use and the Services and Endpoints, never of the rest
// of the cluster's writes, and the store hands the same frozen object to every node's stream.
import { ExpiredError, configRefKey, traceLatency, traceStep, stepSubject, type ApiObject, type ConfigRef, type Pod } from "@skiff/api";
import type { Store } from "@skiff/store";
import type { AssignmentsMessage } from "@skiff/proto";
import type { Logger } from "../log.js";
import { AssignmentTracker, localVolumeOf, type Change } from "./assignment-diff.js";
import { ChangeSender } from "./change-sender.js";
import type { ServerMetrics } from "../metrics/server-metrics.js";

export { BATCH_MAX } from "./change-sender.js";
/** Listed for the COMPLETE set; ConfigMaps, Secrets and claims are read one by one, those the node's pods use. */
const LISTED = ["Pod", "Service", "Endpoints", "PersistentVolume"];
const KINDS = [...LISTED, "ConfigMap", "Secret", "PersistentVolumeClaim"];

export interface AssignmentsOptions {
  store: Store;
  nodeName: string;
  log: Logger;
  signal: AbortSignal;
  send: (message: AssignmentsMessage) => Promise<void>;
  /** Counts the messages, and the lag from a change's arrival here to its message being written. */
  metrics?: ServerMetrics;
}

/** Runs until the signal aborts; throws ExpiredError when the watch fell too far behind. */
export async function streamAssignments(o: AssignmentsOptions): Promise<void> {
  // Each kind is listed at its own revision; the watch starts at the oldest and skips, per kind,
  // what its list already showed, so nothing is missed and nothing goes backwards.
  // ConfigMaps and Secrets are read after the lists, so each is at least as new as the watch's
  // start; the tracker keeps the newest version it has seen of each.
  const lists = await Promise.all(LISTED.map((k) => o.store.list(k)));
  const listedAt = new Map(LISTED.map((k, i) => [k, lists[i]?.revision ?? 0]));
  const from = Math.min(...listedAt.values());
  const tracker = new AssignmentTracker(o.nodeName);
  const [pods, services, endpoints, volumes] = lists.map((l) => l?.items ?? []);
  const mine = (pods as Pod[]).filter((p) => p.spec.nodeName === o.nodeName);
  const configs = await readConfigs(o.store, mine.flatMap((p) => tracker.missingConfigs(p)));
  const local = (volumes ?? []).filter((v) => localVolumeOf(v, o.nodeName));
  const initial = tracker.complete(mine, configs, [...(services ?? []), ...(endpoints ?? [])], local);
  let sequence = 1;
  await o.send({ type: "COMPLETE", resultsIn: sequence, appliesTo: 0, changes: initial.map(toAssignment) });
  o.metrics?.assignmentMessages.inc({ type: "COMPLETE" });
  for (const pod of mine) traceStep({ ...stepSubject(pod), component: "node-session", node: o.nodeName, step: "assignment sent", detail: "in the COMPLETE set (message #1) the agent gets when its stream opens" });
  o.log.debug({ node: o.nodeName, objects: initial.length, revision: from }, "sent complete assignment set");

  // Each change with the moment it arrived (performance.now()), for the stream lag metric.
  const sender = new ChangeSender<{ change: Change; at: number }>(async (timed) => {
    const batch = timed.map((t) => t.change);
    const message = { type: "INCREMENTAL" as const, appliesTo: sequence, resultsIn: sequence + 1, changes: batch.map(toAssignment) };
    await o.send(message);
    sequence += 1;
    o.metrics?.assignmentMessages.inc({ type: "INCREMENTAL" });
    o.metrics?.assignmentLag.observe((performance.now() - (timed[0]?.at ?? performance.now())) / 1000);
    for (const c of batch) if (c.object.kind === "Pod" && c.action === "UPDATE") traceLatency("assignment sent", `${c.object.metadata.namespace}/${c.object.metadata.name}`);
    for (const c of batch) {
      if (c.object.kind !== "Pod") continue;
      const what = c.action === "UPDATE" ? "run the pod as described" : "stop and remove the pod";
      traceStep({ ...stepSubject(c.object), component: "node-session", node: o.nodeName, step: "assignment sent", detail: `${c.action} in INCREMENTAL message #${message.resultsIn} to the agent: ${what}` });
    }
  }, o.log);
  try {
    for await (const ev of o.store.watch({ fromRevision: from, kinds: KINDS, node: o.nodeName, filter: (obj) => tracker.wants(obj), signal: o.signal })) {
      const listed = listedAt.get(ev.object.kind);
      if (listed !== undefined && ev.revision <= listed) continue;
      const fetched = ev.object.kind === "Pod" && ev.type !== "DELETED" ? await readConfigs(o.store, tracker.missingConfigs(ev.object as Pod)) : [];
      const changes = tracker.onEvent(ev.type, ev.object, fetched);
      if (changes.length === 0) continue;
      const at = performance.now();
      sender.push(changes.map((change) => ({ change, at })));
    }
  } catch (err) {
    if (err instanceof ExpiredError) o.log.info({ node: o.nodeName }, "assignments watch expired; the agent will reconnect for a complete set");
    throw err;
  } finally {
    await sender.drained();
  }
}

/** The configs named, as the store has them now (those that exist). */
async function readConfigs(store: Store, refs: readonly ConfigRef[]): Promise<ApiObject[]> {
  const unique = [...new Map(refs.map((r) => [configRefKey(r), r])).values()];
  const found = await Promise.all(unique.map((r) => store.get({ kind: r.kind, namespace: r.namespace, name: r.name })));
  return found.filter((o): o is ApiObject => o !== undefined);
}

function toAssignment(c: Change) {
  return { action: c.action, kind: c.object.kind, objectJson: JSON.stringify(c.object as ApiObject) };
}
