// The Deployment's status, computed from its ReplicaSets (Kubernetes' calculateStatus and
// syncRolloutStatus in progress.go).
//
//   replicas / ready / available : the ReplicaSets' observed pods, summed
//   updatedReplicas              : the new ReplicaSet's observed pods
//   unavailableReplicas          : pods still needed for full capacity (desired - available)
//   Available   True  MinimumReplicasAvailable   when available >= replicas - maxUnavailable
//   Progressing True  NewReplicaSetAvailable     the rollout is complete
//               True  ReplicaSetUpdated          something moved since the last status
//               False ProgressDeadlineExceeded   nothing moved for progressDeadlineSeconds
import type { Deployment, DeploymentStatus, ReplicaSet } from "@skiff/api";
import { AVAILABLE, PROGRESSING, Reason, condition, getCondition, removeCondition, setCondition } from "./conditions.js";
import { maxUnavailable, replicasOf, specReplicas, sum } from "./replicas.js";

const observed = (rs: ReplicaSet) => rs.status?.replicas ?? 0;

export function calculateStatus(d: Deployment, all: readonly ReplicaSet[], newRS: ReplicaSet | undefined, now: Date): DeploymentStatus {
  const availableReplicas = sum(all, (rs) => rs.status?.availableReplicas ?? 0);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: sum(all, observed),
    updatedReplicas: newRS ? observed(newRS) : 0,
    readyReplicas: sum(all, (rs) => rs.status?.readyReplicas ?? 0),
    availableReplicas,
    unavailableReplicas: Math.max(0, sum(all, specReplicas) - availableReplicas),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  if (availableReplicas >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, condition(AVAILABLE, "True", Reason.MinimumReplicasAvailable, "Deployment has minimum availability.", now));
  } else {
    setCondition(status, condition(AVAILABLE, "False", Reason.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", now));
  }
  return status;
}

/** Every pod updated, available, and the controller has seen the latest spec. */
export function isComplete(d: Deployment, s: DeploymentStatus): boolean {
  const n = replicasOf(d);
  return s.updatedReplicas === n && s.replicas === n && s.availableReplicas === n && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** Did anything move forward since the status we last wrote? */
export function isProgressing(before: DeploymentStatus | undefined, s: DeploymentStatus): boolean {
  const b = before ?? {};
  const oldBefore = (b.replicas ?? 0) - (b.updatedReplicas ?? 0);
  const oldNow = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (b.updatedReplicas ?? 0) ||
    oldNow < oldBefore ||
    (s.readyReplicas ?? 0) > (b.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (b.availableReplicas ?? 0)
  );
}

const deadlineMs = (d: Deployment) => (d.spec.progressDeadlineSeconds ?? 600) * 1000;

export function isTimedOut(d: Deployment, s: DeploymentStatus, now: Date): boolean {
  const cond = getCondition(s, PROGRESSING);
  if (!cond || cond.reason === Reason.NewReplicaSetAvailable) return false;
  if (cond.reason === Reason.ProgressDeadlineExceeded) return true;
  const from = Date.parse(cond.lastUpdateTime ?? "");
  return Number.isFinite(from) && from + deadlineMs(d) < now.getTime();
}

/**
 * The status after a rollout step: counts, Available, and Progressing. `stored` is the status
 * as last written (progress is measured against it); `working` carries the conditions the
 * step set (NewReplicaSetCreated...).
 */
export function rolloutStatus(d: Deployment, stored: DeploymentStatus | undefined, all: readonly ReplicaSet[], newRS: ReplicaSet | undefined, now: Date): DeploymentStatus {
  const s = calculateStatus(d, all, newRS, now);
  const current = getCondition(s, PROGRESSING);
  const complete = s.replicas === s.updatedReplicas && current?.reason === Reason.NewReplicaSetAvailable;
  if (complete) return s;
  const name = newRS?.metadata.name ?? "";
  if (isComplete(d, s)) {
    setCondition(s, condition(PROGRESSING, "True", Reason.NewReplicaSetAvailable, `ReplicaSet "${name}" has successfully progressed.`, now));
  } else if (isProgressing(stored, s)) {
    const next = condition(PROGRESSING, "True", Reason.ReplicaSetUpdated, `ReplicaSet "${name}" is progressing.`, now);
    if (current?.status === "True" && current.lastTransitionTime) next.lastTransitionTime = current.lastTransitionTime;
    // Remove, then set: the point is to move lastUpdateTime, which restarts the deadline.
    removeCondition(s, PROGRESSING);
    setCondition(s, next);
  } else if (isTimedOut(d, s, now)) {
    setCondition(s, condition(PROGRESSING, "False", Reason.ProgressDeadlineExceeded, `ReplicaSet "${name}" has timed out progressing.`, now));
  }
  return s;
}

/** When to look again for the deadline: while progressing and not complete. */
export function deadlineRequeueMs(d: Deployment, s: DeploymentStatus, now: Date): number | undefined {
  const cond = getCondition(s, PROGRESSING);
  if (!cond || cond.status !== "True" || cond.reason === Reason.NewReplicaSetAvailable) return undefined;
  if (cond.reason === Reason.DeploymentPaused) return undefined;
  const from = Date.parse(cond.lastUpdateTime ?? "");
  if (!Number.isFinite(from)) return undefined;
  // A little past the deadline, so that it has passed when we look.
  return Math.max(0, from + deadlineMs(d) - now.getTime()) + 100;
}
