// What a StatefulSet needs done, decided from the set and its pods alone (Kubernetes'
// stateful_set_control.go, in three passes). Pure: the clock is an input; the shell
// (controller.ts) reads the pods from the store and applies the actions.
//
//   1. replicas, ordinal 0 upward: a Failed/Succeeded pod is deleted (it comes back, same name,
//      on the next pass); a missing pod is created.  OrderedReady: stop at the first pod
//      created, deleted, or not yet Running and Ready (and available for minReadySeconds).
//   2. scale down, highest ordinal first: pods with ordinal >= replicas are deleted.
//      OrderedReady: one per pass, and only once every replica below passed step 1.
//   3. RollingUpdate, highest ordinal down to the partition: delete the first pod not at the
//      update revision (step 1 recreates it from the new template) and stop; stop too at a
//      pod that is not yet Running and Ready. One pod at a time, for both policies.
//      OnDelete: nothing; a pod the user deletes comes back at the update revision.
import type { Pod, StatefulSet, StatefulSetStatus } from "@skiff/api";
import { hasFinished, isTerminating, msUntilAvailable } from "./health.js";
import { newPod, ordinalOf } from "./identity.js";
import { revisionOf, revisionsOf, type Revision } from "./revision.js";
import { countStatus } from "./status.js";

export type DeleteReason = "finished" | "condemned" | "update" | "misnamed";

export type StatefulSetAction =
  | { type: "create"; pod: Pod }
  | { type: "delete"; pod: Pod; reason: DeleteReason };

export interface PlanInput {
  set: StatefulSet;
  /** The pods this set controls, read from the store (never stale: see controller.ts). */
  pods: readonly Pod[];
  now: Date;
}

export interface StatefulSetPlan {
  actions: StatefulSetAction[];
  /** The status to store (from the pods as they were before the actions). */
  status: StatefulSetStatus;
  /** The current revision, whose template the set keeps in its annotation. */
  current: Revision;
  /** Look again after this long: a Ready pod will have been Ready for minReadySeconds. */
  requeueAfterMs?: number;
}

export function planStatefulSet({ set, pods, now }: PlanInput): StatefulSetPlan {
  const replicas = set.spec.replicas ?? 1;
  const ordered = (set.spec.podManagementPolicy ?? "OrderedReady") === "OrderedReady";
  const strategy = set.spec.updateStrategy?.type ?? "RollingUpdate";
  const partition = strategy === "RollingUpdate" ? (set.spec.updateStrategy?.rollingUpdate?.partition ?? 0) : 0;
  const { status, current } = countStatus(set, pods, revisionsOf(set), now);
  const update = revisionsOf(set).update;
  const actions: StatefulSetAction[] = [];
  const remove = (pod: Pod, reason: DeleteReason) => actions.push({ type: "delete", pod, reason });

  const byOrdinal = new Map<number, Pod>();
  for (const pod of pods) {
    const ordinal = ordinalOf(set, pod);
    if (ordinal !== undefined) byOrdinal.set(ordinal, pod);
    else if (!isTerminating(pod)) remove(pod, "misnamed");
  }

  let wait = Infinity;
  const available = (pod: Pod): boolean => {
    const ms = msUntilAvailable(pod, set.spec.minReadySeconds ?? 0, now);
    if (ms > 0 && ms < Infinity) wait = Math.min(wait, ms);
    return ms === 0;
  };
  // Kubernetes' newVersionedStatefulSetPod: below the partition a pod keeps the current revision.
  const revisionFor = (ordinal: number): Revision => (ordinal < partition ? current : update);

  // 1. Replicas, in ordinal order.
  const replaced = new Set<number>();
  let blocked = false;
  for (let i = 0; i < replicas && !blocked; i++) {
    const pod = byOrdinal.get(i);
    if (!pod) {
      actions.push({ type: "create", pod: newPod(set, revisionFor(i), i) });
      blocked = ordered;
    } else if (hasFinished(pod) && !isTerminating(pod)) {
      remove(pod, "finished");
      replaced.add(i);
      blocked = ordered;
    } else if (!available(pod)) {
      blocked = ordered;
    }
  }

  // 2. Scale down, highest ordinal first.
  const condemned = [...byOrdinal.entries()].filter(([i]) => i >= replicas).sort(([a], [b]) => b - a);
  for (const [, pod] of condemned) {
    if (blocked) break;
    if (!isTerminating(pod)) remove(pod, "condemned");
    blocked = ordered;
  }

  // 3. Rolling update, highest ordinal down to the partition, one pod at a time.
  if (!blocked && strategy === "RollingUpdate") {
    for (let i = replicas - 1; i >= partition; i--) {
      const pod = replaced.has(i) ? undefined : byOrdinal.get(i);
      if (!pod) break;
      if (revisionOf(pod) !== update.name && !isTerminating(pod)) {
        remove(pod, "update");
        break;
      }
      if (!available(pod)) break;
    }
  }

  const plan: StatefulSetPlan = { actions, status, current };
  if (wait < Infinity) plan.requeueAfterMs = wait;
  return plan;
}
