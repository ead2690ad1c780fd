// The disruption controller's decision, pure (Kubernetes' pkg/controller/disruption): from a
// budget, the pods its selector matches and how many pods there should be, the budget's status.
//
//   expectedPods    the pods' controllers' replicas (maxUnavailable, or a percentage minAvailable),
//                   or the matching pods (an integer minAvailable)
//   desiredHealthy  minAvailable (a percentage of expectedPods, rounded up),
//                   or expectedPods - maxUnavailable (a percentage rounded up), at least 0
//   currentHealthy  matching pods that are Ready, not being deleted, and not just evicted
//   disruptionsAllowed = currentHealthy - desiredHealthy, at least 0; 0 while no pod is expected
//
// A pod an eviction was granted for (status.disruptedPods) is not counted as healthy until it is
// seen being deleted; after DELETION_TIMEOUT_MS the grant is dropped (the delete never came).
// When the expected count cannot be found (a pod without a controller), the budget fails safe:
// no disruption allowed, condition SyncFailed.
import type { Pod, PodDisruptionBudget, PodDisruptionBudgetCondition, PodDisruptionBudgetStatus } from "@skiff/api";
import type { ExpectedPods } from "./expected-pods.js";
import { isReady } from "../replicaset/pod-state.js";

/** How long an eviction's grant keeps a pod out of the healthy count (Kubernetes' DeletionTimeout). */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

export const DISRUPTION_ALLOWED = "DisruptionAllowed";

export interface DisruptionInput {
  pdb: PodDisruptionBudget;
  /** The pods of the budget's namespace its selector matches. */
  pods: readonly Pod[];
  /** Only asked for when the budget needs it (maxUnavailable, or a percentage minAvailable). */
  expected: () => ExpectedPods;
  now: Date;
}

export interface DisruptionPlan {
  status: PodDisruptionBudgetStatus;
  /** Look again then: a disrupted pod's grant runs out. */
  recheckAfterMs?: number;
}

/** `n` or `"p%"` of `total`, rounded up (Kubernetes' GetScaledValueFromIntOrPercent with roundUp). */
export function scaled(value: number | string, total: number): number {
  if (typeof value === "number") return value;
  return Math.ceil((parseInt(value, 10) * total) / 100);
}

export function planDisruption({ pdb, pods, expected, now }: DisruptionInput): DisruptionPlan {
  const spec = pdb.spec ?? {};
  let expectedCount: number;
  let desiredHealthy: number;
  if (spec.minAvailable !== undefined && typeof spec.minAvailable === "number") {
    expectedCount = pods.length;
    desiredHealthy = spec.minAvailable;
  } else {
    const found = expected();
    if ("error" in found) return { status: failSafe(pdb, found.error, now) };
    expectedCount = found.count;
    desiredHealthy =
      spec.maxUnavailable !== undefined
        ? Math.max(0, expectedCount - scaled(spec.maxUnavailable, expectedCount))
        : scaled(spec.minAvailable ?? 0, expectedCount);
  }
  const { disrupted, recheckAt } = stillDisrupted(pods, pdb.status?.disruptedPods ?? {}, now);
  const currentHealthy = pods.filter((p) => !p.metadata.deletionTimestamp && !(p.metadata.name in disrupted) && isReady(p)).length;
  // A budget whose pods are expected but not yet there (expectedCount 0) allows nothing, so that
  // the first pods are safe before this controller has seen them.
  const allowed = expectedCount <= 0 ? 0 : Math.max(0, currentHealthy - desiredHealthy);
  const observedGeneration = pdb.metadata.generation ?? 0;
  const status: PodDisruptionBudgetStatus = {
    observedGeneration,
    ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
    disruptionsAllowed: allowed,
    currentHealthy,
    desiredHealthy,
    expectedPods: expectedCount,
    conditions: withAllowedCondition(pdb.status?.conditions, allowed, observedGeneration, now),
  };
  return { status, ...(recheckAt !== undefined ? { recheckAfterMs: Math.max(0, recheckAt - now.getTime()) } : {}) };
}

/** The grants still pending: for pods that exist, are not being deleted yet, and whose grant has not run out. */
function stillDisrupted(pods: readonly Pod[], granted: Record<string, string>, now: Date): { disrupted: Record<string, string>; recheckAt?: number } {
  const disrupted: Record<string, string> = {};
  let recheckAt: number | undefined;
  for (const pod of pods) {
    const at = granted[pod.metadata.name];
    if (at === undefined || pod.metadata.deletionTimestamp) continue;
    const expires = Date.parse(at) + DELETION_TIMEOUT_MS;
    if (!(expires > now.getTime())) continue;
    disrupted[pod.metadata.name] = at;
    recheckAt = recheckAt === undefined ? expires : Math.min(recheckAt, expires);
  }
  return { disrupted, recheckAt };
}

/** Kubernetes' failSafe: nothing allowed, the reason in the condition; the rest as it was. */
function failSafe(pdb: PodDisruptionBudget, message: string, now: Date): PodDisruptionBudgetStatus {
  const old = pdb.status;
  const observedGeneration = old?.observedGeneration ?? 0;
  return {
    ...(old?.observedGeneration !== undefined ? { observedGeneration } : {}),
    ...(old?.disruptedPods ? { disruptedPods: old.disruptedPods } : {}),
    disruptionsAllowed: 0,
    currentHealthy: old?.currentHealthy ?? 0,
    desiredHealthy: old?.desiredHealthy ?? 0,
    expectedPods: old?.expectedPods ?? 0,
    conditions: setCondition(old?.conditions, { type: DISRUPTION_ALLOWED, status: "False", reason: "SyncFailed", message, observedGeneration }, now),
  };
}

/** DisruptionAllowed: True (SufficientPods) while a disruption is allowed, else False (InsufficientPods). */
export function withAllowedCondition(conditions: PodDisruptionBudgetCondition[] | undefined, allowed: number, observedGeneration: number, now: Date): PodDisruptionBudgetCondition[] {
  const c = allowed > 0 ? { status: "True" as const, reason: "SufficientPods" } : { status: "False" as const, reason: "InsufficientPods" };
  return setCondition(conditions, { type: DISRUPTION_ALLOWED, ...c, message: "", observedGeneration }, now);
}

/** apimachinery's SetStatusCondition: the transition time moves only when the status does. */
function setCondition(conditions: PodDisruptionBudgetCondition[] | undefined, next: Omit<PodDisruptionBudgetCondition, "lastTransitionTime">, now: Date): PodDisruptionBudgetCondition[] {
  const list = conditions ?? [];
  const old = list.find((c) => c.type === next.type);
  const lastTransitionTime = old && old.status === next.status ? old.lastTransitionTime : now.toISOString();
  const updated = { ...next, lastTransitionTime };
  return old ? list.map((c) => (c === old ? updated : c)) : [...list, updated];
}
