// The DaemonSet's decisions: one pod per eligible node (Kubernetes' daemon controller: manage,
// then rollingUpdate, then the status). Pure: the nodes, the DaemonSet's pods and the clock come
// in; the pods to make and to delete, the status and when to look again go out.
//
// Per node (podsShouldBeOnNode):
//   should run, no pod              -> make one (only on a Ready node: see below)
//   may continue running            -> a Failed pod is replaced after a backoff (1 s, doubled per
//                                      failure in a row, at most 15 min, as Kubernetes'
//                                      failedPodsBackoff), a Succeeded one at once; extra pods go
//                                      (the oldest stays; during a surge one old and one new stay)
//   may not continue running        -> its pods go
//   pods on a node that is gone     -> they go
// Then, when that pass has nothing to do and the strategy is RollingUpdate, one step of the
// rolling update (rolling-update.ts). OnDelete: old pods stay until the user deletes them; their
// replacements are made from the current template.
//
// Unlike Kubernetes, a node that is not Ready gets no new pod until it is Ready again (the Node
// event brings the DaemonSet back): skiff's node lifecycle fails every pod bound to a lost node,
// so a pod made there would only fail and back off. Pods already there stay, as the daemon
// tolerations promise; the node still counts in desiredNumberScheduled.
import type { DaemonSet, DaemonSetStatus, Node, Pod } from "@skiff/api";
import { isNodeReady } from "../../scheduler/node-info.js";
import { isRunningAndReady, msUntilAvailable } from "../statefulset/health.js";
import { eligibility } from "./eligibility.js";
import { isTerminating, oldestFirst, podsByNode } from "./node-pods.js";
import { daemonPodSpec, failuresOf, type NewDaemonPod } from "./pod-template.js";
import { isUpdated } from "./revision.js";
import { rollingUpdate, scaled } from "./rolling-update.js";
import { countStatus, type NodeView } from "./status.js";

export const FAILED_POD_BACKOFF_MS = 1_000;
export const MAX_FAILED_POD_BACKOFF_MS = 15 * 60_000;
/** A pod that ran this long before failing starts the count of failures in a row again. */
const FAILURE_RESET_MS = MAX_FAILED_POD_BACKOFF_MS;

export interface PlanEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

export interface DaemonSetPlan {
  create: NewDaemonPod[];
  delete: Pod[];
  status: DaemonSetStatus;
  events: PlanEvent[];
  /** Look again after this long: a failed pod's backoff, a pod becoming available after minReadySeconds. */
  requeueAfterMs?: number;
}

const finished = (p: Pod) => p.status?.phase === "Failed" || p.status?.phase === "Succeeded";

/** When a pod stopped: its containers' last finish time, else its Ready condition's change, else its creation. */
function stoppedAt(pod: Pod): number {
  let latest = 0;
  for (const c of pod.status?.containerStatuses ?? []) latest = Math.max(latest, Date.parse(c.state?.terminated?.finishedAt ?? "") || 0);
  const ready = pod.status?.conditions?.find((c) => c.type === "Ready")?.lastTransitionTime;
  return latest || Date.parse(ready ?? "") || Date.parse(pod.metadata.creationTimestamp ?? "") || 0;
}

/** Failures in a row on this node, counting `failed`, and the time its replacement may be made. */
function failedPodBackoff(failed: Pod): { failures: number; notBefore: number } {
  const stopped = stoppedAt(failed);
  const ranFor = stopped - (Date.parse(failed.metadata.creationTimestamp ?? "") || stopped);
  const failures = (ranFor >= FAILURE_RESET_MS ? 0 : failuresOf(failed)) + 1;
  const delay = Math.min(FAILED_POD_BACKOFF_MS * 2 ** Math.min(failures - 1, 20), MAX_FAILED_POD_BACKOFF_MS);
  return { failures, notBefore: stopped + delay };
}

interface NodeActions {
  create?: NewDaemonPod;
  delete: Pod[];
  events: PlanEvent[];
  wakeAt?: number;
}

function manageNode(ds: DaemonSet, view: NodeView, hash: string, now: Date): NodeActions {
  const { node, eligibility: e, pods } = view;
  const name = node.metadata.name;
  const out: NodeActions = { delete: [], events: [] };
  const canCreate = e.shouldRun && isNodeReady(node);
  if (pods.length === 0) {
    if (canCreate) out.create = { nodeName: name, failures: 0 };
    return out;
  }
  if (!e.shouldContinueRunning) {
    out.delete = pods.filter((p) => !isTerminating(p));
    return out;
  }
  const live = pods.filter((p) => !isTerminating(p));
  const running = oldestFirst(live.filter((p) => !finished(p)));
  const done = live.filter(finished);
  if (done.length > 0) {
    // A finished pod goes; it is replaced (once, whatever number of them) when nothing else runs there.
    const failed = done.filter((p) => p.status?.phase === "Failed");
    const replace = running.length === 0 && canCreate;
    const backoff = replace && failed.length > 0 ? failed.map(failedPodBackoff).reduce((a, b) => (b.notBefore > a.notBefore ? b : a)) : undefined;
    if (backoff && now.getTime() < backoff.notBefore) {
      out.wakeAt = backoff.notBefore;
    } else {
      for (const pod of failed) {
        const message = `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${name}, will try to kill it`;
        out.events.push({ type: "Warning", reason: "FailedDaemonPod", message });
      }
      out.delete.push(...done);
      // Deleted and replaced in one batch, so the count of failures passes to the replacement.
      if (replace) out.create = { nodeName: name, failures: backoff?.failures ?? 0 };
    }
  }
  if (out.create && pods.some(isTerminating)) delete out.create; // wait until the old pod is gone
  out.delete.push(...extraPods(ds, running, hash, now));
  return out;
}

/**
 * Running pods beyond one per node. Without surge the oldest stays. With surge, the oldest new
 * pod and the oldest old pod may both stay while the new one is not yet available and the old
 * one is Ready; every other pod goes.
 */
function extraPods(ds: DaemonSet, running: readonly Pod[], hash: string, now: Date): Pod[] {
  if (running.length <= 1) return [];
  if (!allowsSurge(ds)) return running.slice(1);
  let oldestNew: Pod | undefined, oldestOld: Pod | undefined;
  const extra: Pod[] = [];
  for (const pod of running) {
    if (isUpdated(pod, ds, hash) && !oldestNew) oldestNew = pod;
    else if (!isUpdated(pod, ds, hash) && !oldestOld) oldestOld = pod;
    else extra.push(pod);
  }
  if (oldestNew && oldestOld && (!isRunningAndReady(oldestOld) || msUntilAvailable(oldestNew, ds.spec.minReadySeconds ?? 0, now) === 0)) {
    extra.push(oldestOld);
  }
  return extra;
}

/** RollingUpdate with a maxSurge above zero (a percentage of at least one node rounds up to one). */
export function allowsSurge(ds: DaemonSet): boolean {
  const strategy = ds.spec.updateStrategy;
  return strategy?.type !== "OnDelete" && scaled(strategy?.rollingUpdate?.maxSurge, 1, 0) > 0;
}

/** Milliseconds until the first Ready pod that is not yet available becomes so (status, surge). */
function nextAvailable(ds: DaemonSet, pods: readonly Pod[], now: Date): number | undefined {
  const waits = pods.map((p) => msUntilAvailable(p, ds.spec.minReadySeconds ?? 0, now)).filter((ms) => ms > 0 && ms < Infinity);
  return waits.length ? Math.min(...waits) : undefined;
}

export function planDaemonSet(ds: DaemonSet, nodes: readonly Node[], pods: readonly Pod[], hash: string, now: Date): DaemonSetPlan {
  const spec = daemonPodSpec(ds);
  const byNode = podsByNode(pods);
  const views: NodeView[] = [...nodes]
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .map((node) => ({ node, eligibility: eligibility(node, spec), pods: byNode.get(node.metadata.name) ?? [] }));
  const known = new Set(nodes.map((n) => n.metadata.name));
  const plan: DaemonSetPlan = { create: [], delete: [], events: [], status: countStatus(ds, views, hash, now) };
  // Pods whose node is gone (deleted, or never bound) have nowhere to run.
  for (const [node, orphans] of byNode) if (!known.has(node)) plan.delete.push(...orphans.filter((p) => !isTerminating(p)));
  let wakeAt: number | undefined;
  for (const view of views) {
    const a = manageNode(ds, view, hash, now);
    if (a.create) plan.create.push(a.create);
    plan.delete.push(...a.delete);
    plan.events.push(...a.events);
    if (a.wakeAt !== undefined) wakeAt = Math.min(wakeAt ?? Infinity, a.wakeAt);
  }
  if (plan.create.length === 0 && plan.delete.length === 0 && ds.spec.updateStrategy?.type !== "OnDelete") {
    const step = rollingUpdate(ds, views, hash, now);
    const ready = new Set(views.filter((v) => isNodeReady(v.node)).map((v) => v.node.metadata.name));
    plan.create.push(...step.create.filter((n) => ready.has(n)).map((nodeName) => ({ nodeName, failures: 0 })));
    plan.delete.push(...step.delete);
  }
  const waits = [wakeAt === undefined ? undefined : wakeAt - now.getTime(), nextAvailable(ds, pods, now)].filter((ms): ms is number => ms !== undefined);
  if (waits.length) plan.requeueAfterMs = Math.max(0, Math.min(...waits));
  return plan;
}
