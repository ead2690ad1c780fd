// The ReplicaSet's decision: given the ReplicaSet and the pods of its namespace, what to write.
// Pure: (desired, observed, now) -> actions (Kubernetes' ReplicaSetController.syncReplicaSet).
//
//   claim: adopt matching orphans, release ours that stopped matching
//   active = ours, not finished, not being deleted
//   finished (Succeeded/Failed) pods of ours are deleted: they never run again, and one that
//     failed on a lost node must make room for its replacement
//   active < replicas -> create the difference;  active > replicas -> delete the cheapest
//   status counts what the store will hold once these actions are written
import { isDeepStrictEqual } from "node:util";
import { isTerminalPhase, selectorFromLabelSelector, type Pod, type ReplicaSet, type ReplicaSetStatus } from "@skiff/api";
import { claim } from "./claim.js";
import { isActive, isAvailable, isReady, nextAvailableInMs } from "./pod-state.js";
import { podsToDelete } from "./pod-ranking.js";

/** Kubernetes' burstReplicas: at most this many creates or deletes per reconcile. */
export const BURST_REPLICAS = 500;

export interface ReplicaSetPlan {
  adopt: Pod[];
  release: Pod[];
  /** How many new pods to create from the template. */
  create: number;
  /** Surplus pods, then finished ones. */
  delete: Pod[];
  /** The new status, or undefined when it would not change. */
  status?: ReplicaSetStatus;
  /** Look again then: a ready pod will have been ready for minReadySeconds. */
  requeueAfterMs?: number;
}

/** @param burst at most this many creates or deletes (a smaller one when a batch must fit one etcd transaction). */
export function planReplicaSet(rs: ReplicaSet, pods: readonly Pod[], now: Date, burst = BURST_REPLICAS): ReplicaSetPlan {
  const selector = selectorFromLabelSelector(rs.spec.selector);
  // An empty selector would take every pod of the namespace: Kubernetes refuses it, and so do we.
  const claimed = selector.isEmpty()
    ? { owned: [], adopt: [], release: [] }
    : claim(rs, pods, (p) => p.metadata.namespace === rs.metadata.namespace && selector.matches(p.metadata.labels));
  const finished = claimed.owned.filter((p) => isTerminalPhase(p.status?.phase) && !p.metadata.deletionTimestamp);
  const active = claimed.owned.filter(isActive);
  const replicas = rs.spec.replicas ?? 1;
  const deleting = !!rs.metadata.deletionTimestamp;

  const diff = active.length - replicas;
  const create = diff < 0 && !deleting ? Math.min(-diff, burst) : 0;
  const surplus = diff > 0 ? podsToDelete(active, Math.min(diff, burst)) : [];
  const remaining = active.filter((p) => !surplus.includes(p));

  const minReady = rs.spec.minReadySeconds ?? 0;
  const templateLabels = Object.entries(rs.spec.template.metadata?.labels ?? {});
  const status: ReplicaSetStatus = {
    replicas: remaining.length + create,
    fullyLabeledReplicas: remaining.filter((p) => templateLabels.every(([k, v]) => p.metadata.labels?.[k] === v)).length + create,
    readyReplicas: remaining.filter(isReady).length,
    availableReplicas: remaining.filter((p) => isAvailable(p, minReady, now)).length,
    observedGeneration: rs.metadata.generation ?? 0,
  };
  if (rs.status?.conditions) status.conditions = rs.status.conditions;
  return {
    adopt: claimed.adopt,
    release: claimed.release,
    create,
    delete: [...surplus, ...finished],
    status: isDeepStrictEqual(status, rs.status) ? undefined : status,
    requeueAfterMs: nextAvailableInMs(remaining, minReady, now),
  };
}
