// RollingUpdate: replace old daemon pods node by node (Kubernetes' rollingUpdate in
// pkg/controller/daemon/update.go). Pure. Runs only when the manage pass (daemonset-plan.ts)
// has nothing to do, so each node holds at most one old and one new pod here.
//
// maxSurge 0: delete old pods, at most maxUnavailable nodes without an available pod at once
//   (a node without a pod, with a new pod not yet available, or with an old one being replaced
//   counts as unavailable). An old pod that is not available is replaced at once: it costs nothing.
//   The manage pass makes the new pod on the next look.
// maxSurge > 0: first make a new pod beside the old one (at most maxSurge nodes waiting at once),
//   delete the old one only when the new one is available (Ready for minReadySeconds). A node
//   whose old pod is not available gets its new pod at once. maxUnavailable is not used then, as
//   in Kubernetes: no node loses a ready pod before its replacement is available.
//
// Both counts are of nodes; percentages are of the desired nodes, rounded up.
import type { DaemonSet, IntOrString, Pod } from "@skiff/api";
import { msUntilAvailable } from "../statefulset/health.js";
import { isTerminating } from "./node-pods.js";
import { isUpdated } from "./revision.js";
import type { NodeView } from "./status.js";

export interface RollingStep {
  /** Old pods to delete. */
  delete: Pod[];
  /** Nodes to get a new pod now (surge). */
  create: string[];
}

/** A count, or a percentage of `total` rounded up (intstr.GetScaledValueFromIntOrPercent with roundUp). */
export function scaled(value: IntOrString | undefined, total: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === "number") return value;
  return Math.ceil((parseInt(value, 10) * total) / 100);
}

/** maxSurge and maxUnavailable in nodes; never both 0 (then 1 may be unavailable). */
export function updateBudget(ds: DaemonSet, desired: number): { maxSurge: number; maxUnavailable: number } {
  const r = ds.spec.updateStrategy?.rollingUpdate;
  const maxSurge = scaled(r?.maxSurge, desired, 0);
  const maxUnavailable = scaled(r?.maxUnavailable, desired, 1);
  return maxSurge === 0 && maxUnavailable === 0 ? { maxSurge, maxUnavailable: 1 } : { maxSurge, maxUnavailable };
}

/** The new and the old pod on a node, or undefined when it has more than one of either (the manage pass sorts that out). */
function split(pods: readonly Pod[], ds: DaemonSet, hash: string): { newPod?: Pod; oldPod?: Pod } | undefined {
  let newPod: Pod | undefined, oldPod: Pod | undefined;
  for (const pod of pods) {
    if (isTerminating(pod)) continue;
    if (isUpdated(pod, ds, hash)) {
      if (newPod) return undefined;
      newPod = pod;
    } else {
      if (oldPod) return undefined;
      oldPod = pod;
    }
  }
  return { newPod, oldPod };
}

export function rollingUpdate(ds: DaemonSet, nodes: readonly NodeView[], hash: string, now: Date): RollingStep {
  const minReady = ds.spec.minReadySeconds ?? 0;
  const available = (pod: Pod) => msUntilAvailable(pod, minReady, now) === 0;
  // The nodes that want a pod and the ones that have pods (Kubernetes' updatedDesiredNodeCounts).
  const relevant = nodes.filter((n) => n.eligibility.shouldRun || n.pods.length > 0);
  const desired = nodes.filter((n) => n.eligibility.shouldRun).length;
  const { maxSurge, maxUnavailable } = updateBudget(ds, desired);
  return maxSurge === 0 ? withoutSurge(relevant, ds, hash, maxUnavailable, available) : withSurge(relevant, ds, hash, maxSurge, available);
}

function withoutSurge(nodes: readonly NodeView[], ds: DaemonSet, hash: string, maxUnavailable: number, available: (p: Pod) => boolean): RollingStep {
  let unavailable = 0;
  const replaceNow: Pod[] = [];
  const candidates: Pod[] = [];
  for (const view of nodes) {
    const pods = split(view.pods, ds, hash);
    if (!pods) {
      unavailable++;
      continue;
    }
    const { newPod, oldPod } = pods;
    if ((!newPod && !oldPod) || (newPod && oldPod)) unavailable++;
    else if (newPod) {
      if (!available(newPod)) unavailable++;
    } else if (oldPod) {
      if (!available(oldPod)) replaceNow.push(oldPod);
      else candidates.push(oldPod);
    }
  }
  const room = Math.max(0, Math.min(maxUnavailable - unavailable, candidates.length));
  return { delete: [...replaceNow, ...candidates.slice(0, room)], create: [] };
}

function withSurge(nodes: readonly NodeView[], ds: DaemonSet, hash: string, maxSurge: number, available: (p: Pod) => boolean): RollingStep {
  let surging = 0;
  const step: RollingStep = { delete: [], create: [] };
  const candidates: string[] = [];
  for (const view of nodes) {
    const name = view.node.metadata.name;
    const pods = split(view.pods, ds, hash);
    if (!pods) {
      surging++;
      continue;
    }
    const { newPod, oldPod } = pods;
    if (!oldPod) continue; // nothing to update here; the manage pass makes a missing pod
    if (!newPod) {
      if (available(oldPod)) candidates.push(name);
      else if (!view.eligibility.shouldRun) step.delete.push(oldPod);
      else step.create.push(name); // an unavailable old pod: replace it without waiting for room
    } else if (!available(newPod)) {
      surging++; // waiting for the new pod to become available
    } else {
      step.delete.push(oldPod); // the new pod is available: the old one can go
    }
  }
  const room = Math.max(0, Math.min(maxSurge - surging, candidates.length));
  step.create.push(...candidates.slice(0, room));
  return step;
}
