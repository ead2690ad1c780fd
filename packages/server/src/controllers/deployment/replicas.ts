// Numbers a rollout is bounded by (Kubernetes' deployment/util). The annotations that carry them,
// and their parsers, are @skiff/api's (well-known/deployments.ts); re-exported here under the
// controller's short names. Pure.
import type { Deployment, IntOrString, ReplicaSet } from "@skiff/api";

export {
  REVISION_ANNOTATION as REVISION,
  REVISION_HISTORY_ANNOTATION as REVISION_HISTORY,
  DESIRED_REPLICAS_ANNOTATION as DESIRED_REPLICAS,
  MAX_REPLICAS_ANNOTATION as MAX_REPLICAS,
  intAnnotation,
  revisionOf,
} from "@skiff/api";

export const replicasOf = (d: Deployment): number => d.spec.replicas ?? 1;
export const specReplicas = (rs: ReplicaSet): number => rs.spec.replicas ?? 0;

/** An int, or a percentage of `total`, rounded up (surge) or down (unavailable). */
export function scaledValue(value: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === "number") return value;
  const m = /^(\d+)%$/.exec(value.trim());
  if (!m) {
    const n = Number.parseInt(value, 10);
    return Number.isFinite(n) ? n : 0;
  }
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** [maxSurge, maxUnavailable] as pod counts; never both 0 (Kubernetes' ResolveFenceposts). */
export function fenceposts(d: Deployment): [surge: number, unavailable: number] {
  const r = d.spec.strategy?.rollingUpdate;
  const desired = replicasOf(d);
  const surge = scaledValue(r?.maxSurge ?? "25%", desired, true);
  const unavailable = scaledValue(r?.maxUnavailable ?? "25%", desired, false);
  return surge === 0 && unavailable === 0 ? [0, 1] : [surge, unavailable];
}

const isRolling = (d: Deployment) => (d.spec.strategy?.type ?? "RollingUpdate") === "RollingUpdate";

export function maxSurge(d: Deployment): number {
  return isRolling(d) ? fenceposts(d)[0] : 0;
}

export function maxUnavailable(d: Deployment): number {
  if (!isRolling(d) || replicasOf(d) === 0) return 0;
  return Math.min(fenceposts(d)[1], replicasOf(d));
}

export const sum = (rss: readonly ReplicaSet[], f: (rs: ReplicaSet) => number): number => rss.reduce((n, rs) => n + f(rs), 0);
/**
 * Available pods a ReplicaSet will keep: its status, but never above its spec. Just after a
 * scale-down its status still counts the pods about to go (the ReplicaSet controller has not
 * run yet); a rollout step that trusted it would take more than maxUnavailable away.
 */
export const available = (rs: ReplicaSet): number => Math.min(rs.status?.availableReplicas ?? 0, specReplicas(rs));
