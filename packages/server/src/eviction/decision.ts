// Whether an eviction may delete a pod, decided as Kubernetes' API server does
// (pkg/registry/core/pod/storage/eviction.go). Pure: the pod and the budgets of its namespace in,
// a decision out; evict.ts carries it out.
//
//   pod Pending, Succeeded, Failed, or being deleted    delete without looking at budgets
//   no budget covers the pod                            delete
//   more than one budget covers it                      refuse (500: not supported, as Kubernetes)
//   the budget's status is older than its spec          refuse (429, "still being processed")
//   the pod is not Ready and the budget is met (or      delete without spending, pinned to the pod's
//     unhealthyPodEvictionPolicy is AlwaysAllow)          resourceVersion (it must not turn Ready meanwhile)
//   disruptionsAllowed is 0                             refuse (429, naming the budget)
//   else                                                spend one disruption (record the pod in
//                                                         disruptedPods), then delete
import { isTerminalPhase, selectorFromLabelSelector, type Pod, type PodDisruptionBudget, type PodDisruptionBudgetStatus } from "@skiff/api";
import { isReady } from "../controllers/replicaset/pod-state.js";
import { withAllowedCondition } from "../controllers/disruption/disruption-plan.js";

/** Beyond this many grants the controller has not confirmed, evictions are forbidden (Kubernetes' MaxDisruptedPodSize). */
export const MAX_DISRUPTED_PODS = 2000;

export type EvictionDecision =
  /** Delete; `pinResourceVersion`: only if the pod is still at this revision. */
  | { type: "delete"; pinResourceVersion?: string; budget?: string }
  /** Write the budget's new status (compare-and-swap), then delete. */
  | { type: "spend"; budget: PodDisruptionBudget; status: PodDisruptionBudgetStatus }
  /** 429: try again later. */
  | { type: "wait"; budget: string; reason: string; retryAfterSeconds: number }
  /** 403: the budget is in a state no retry fixes soon. */
  | { type: "forbidden"; budget: string; reason: string }
  /** 500: Kubernetes does not support a pod covered by more than one budget. */
  | { type: "several"; budgets: string[] };

/** Budgets whose selector matches the pod; an empty or invalid selector matches nothing here. */
export function budgetsCovering(pod: Pod, budgets: readonly PodDisruptionBudget[]): PodDisruptionBudget[] {
  return budgets.filter((b) => {
    const ls = b.spec?.selector;
    if (!ls || (!Object.keys(ls.matchLabels ?? {}).length && !(ls.matchExpressions ?? []).length)) return false;
    if (b.metadata.namespace !== pod.metadata.namespace) return false;
    try {
      return selectorFromLabelSelector(ls).matches(pod.metadata.labels ?? {});
    } catch {
      return false;
    }
  });
}

/** A pod that is not running (yet, or any more), or already going, has no disruption left to cause. */
export function canIgnoreBudgets(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Pending" || isTerminalPhase(phase) || Boolean(pod.metadata.deletionTimestamp);
}

export function decideEviction(pod: Pod, budgets: readonly PodDisruptionBudget[], now: Date): EvictionDecision {
  if (canIgnoreBudgets(pod)) {
    // A Pending pod could turn Ready between this read and the delete: pin its revision.
    const pending = !isTerminalPhase(pod.status?.phase) && !pod.metadata.deletionTimestamp;
    return { type: "delete", ...(pending ? { pinResourceVersion: pod.metadata.resourceVersion } : {}) };
  }
  const covering = budgetsCovering(pod, budgets);
  if (covering.length > 1) return { type: "several", budgets: covering.map((b) => b.metadata.name) };
  const pdb = covering[0];
  if (!pdb) return { type: "delete" };
  const name = pdb.metadata.name;
  const status = pdb.status ?? { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  if (!isReady(pod)) {
    const alwaysAllow = pdb.spec?.unhealthyPodEvictionPolicy === "AlwaysAllow";
    if (alwaysAllow || (status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0)) {
      return { type: "delete", pinResourceVersion: pod.metadata.resourceVersion, budget: name };
    }
  }
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
    return { type: "wait", budget: name, reason: `The disruption budget ${name} is still being processed by the server.`, retryAfterSeconds: 10 };
  }
  if (status.disruptionsAllowed < 0) return { type: "forbidden", budget: name, reason: "pdb disruptions allowed is negative" };
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
    return { type: "forbidden", budget: name, reason: "DisruptedPods map too big - too many evictions not confirmed by PDB controller" };
  }
  if (status.disruptionsAllowed === 0) {
    return {
      type: "wait",
      budget: name,
      reason: `The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`,
      retryAfterSeconds: 0,
    };
  }
  const allowed = status.disruptionsAllowed - 1;
  const spent: PodDisruptionBudgetStatus = {
    ...status,
    disruptionsAllowed: allowed,
    // metav1.Time: whole seconds, as Kubernetes writes it.
    disruptedPods: { ...status.disruptedPods, [pod.metadata.name]: now.toISOString().replace(/\.\d+Z$/, "Z") },
    ...(allowed === 0 ? { conditions: withAllowedCondition(status.conditions, 0, status.observedGeneration ?? 0, now) } : {}),
  };
  return { type: "spend", budget: pdb, status: spent };
}
