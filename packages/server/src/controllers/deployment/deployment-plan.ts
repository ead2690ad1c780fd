// The Deployment's decision: given the Deployment and the ReplicaSets it controls, what to write.
// Pure: (desired, observed, now) -> actions (Kubernetes' syncDeployment).
//
//   being deleted            -> status only
//   paused                   -> scaling only (no new ReplicaSet, no rollout step), history, status
//   replicas changed         -> proportional scaling (scale.ts), status
//   Recreate / RollingUpdate -> one rollout step (recreate.ts / rolling.ts); once complete,
//                               old history beyond the limit is deleted (history.ts)
import { isDeepStrictEqual } from "node:util";
import type { Deployment, DeploymentStatus, ReplicaSet } from "@skiff/api";
import { PROGRESSING, Reason, condition, getCondition, setCondition } from "./conditions.js";
import { historyToDelete } from "./history.js";
import { splitNewAndOld, syncRevision } from "./new-replicaset.js";
import { oldPodsRunning, scaleDownOld, scaleUpNew } from "./recreate.js";
import { reconcileNewRS, reconcileOldRSs } from "./rolling.js";
import { allRSs, type PlannedEvent, type Rollout } from "./rollout.js";
import { isScalingEvent, scale } from "./scale.js";
import { calculateStatus, deadlineRequeueMs, isComplete, rolloutStatus } from "./status.js";

export interface DeploymentInput {
  deployment: Deployment;
  /** The ReplicaSets this Deployment controls (already claimed). */
  replicaSets: readonly ReplicaSet[];
  /** Some pod of an old ReplicaSet is still there and not finished (Recreate waits for none). */
  oldPodsSeen: boolean;
  now: Date;
  /** Uid for a ReplicaSet to create. */
  newUid: () => string;
}

export interface DeploymentPlan {
  create?: ReplicaSet;
  /** ReplicaSets to update (spec.replicas, annotations), compare-and-swap. */
  update: ReplicaSet[];
  delete: ReplicaSet[];
  /** The Deployment with new annotations and status; undefined when neither changed. */
  deployment?: Deployment;
  events: PlannedEvent[];
  requeueAfterMs?: number;
}

export function planDeployment(input: DeploymentInput): DeploymentPlan {
  const stored = input.deployment;
  const d = structuredClone(stored);
  const split = splitNewAndOld(d, input.replicaSets);
  const r: Rollout = { now: input.now, deployment: d, newRS: split.newRS, oldRSs: split.oldRSs, changed: new Set(), deleted: [], events: [] };
  let requeueAfterMs: number | undefined;
  if (d.metadata.deletionTimestamp) {
    d.status = calculateStatus(d, allRSs(r), r.newRS, r.now);
  } else {
    checkPaused(r);
    syncRevision(r, false, input.newUid);
    if (d.spec.paused || isScalingEvent(r)) {
      scale(r);
      if (d.spec.paused) r.deleted = historyToDelete(r.oldRSs, d.spec.revisionHistoryLimit ?? 10);
      d.status = calculateStatus(d, allRSs(r), r.newRS, r.now);
    } else {
      requeueAfterMs = rollout(r, stored.status, input);
    }
  }
  return finish(r, stored, requeueAfterMs);
}

/** One rollout step, then the rollout status. Returns a requeue delay, if any. */
function rollout(r: Rollout, stored: DeploymentStatus | undefined, input: DeploymentInput): number | undefined {
  const d = r.deployment;
  const done = () => {
    d.status = rolloutStatus(d, stored, allRSs(r), r.newRS, r.now);
    return deadlineRequeueMs(d, d.status, r.now);
  };
  if (d.spec.strategy?.type === "Recreate") {
    if (scaleDownOld(r)) return done();
    // The old pods' going wakes the Deployment (the controller watches them): no timer.
    if (oldPodsRunning(r, input.oldPodsSeen)) return done();
    syncRevision(r, true, input.newUid);
  } else {
    syncRevision(r, true, input.newUid);
    if (reconcileNewRS(r)) return done();
    if (reconcileOldRSs(r)) return done();
  }
  if (d.spec.strategy?.type === "Recreate") scaleUpNew(r);
  const status = calculateStatus(d, allRSs(r), r.newRS, r.now);
  if (isComplete(d, status)) r.deleted = historyToDelete(r.oldRSs, d.spec.revisionHistoryLimit ?? 10);
  return done();
}

/** Kubernetes' checkPausedConditions: Progressing says Paused / Resumed (status Unknown). */
function checkPaused(r: Rollout): void {
  const d = r.deployment;
  if (d.metadata.deletionTimestamp) return;
  const status = (d.status ??= {});
  const cond = getCondition(status, PROGRESSING);
  if (cond?.reason === Reason.ProgressDeadlineExceeded) return;
  if (d.spec.paused && cond?.reason !== Reason.DeploymentPaused) {
    setCondition(status, condition(PROGRESSING, "Unknown", Reason.DeploymentPaused, "Deployment is paused", r.now));
  } else if (!d.spec.paused && cond?.reason === Reason.DeploymentPaused) {
    setCondition(status, condition(PROGRESSING, "Unknown", Reason.DeploymentResumed, "Deployment is resumed", r.now));
  }
}

function finish(r: Rollout, stored: Deployment, requeueAfterMs: number | undefined): DeploymentPlan {
  const d = r.deployment;
  const changedMeta = !isDeepStrictEqual(d.metadata.annotations, stored.metadata.annotations);
  const changedStatus = !isDeepStrictEqual(d.status, stored.status);
  const update = allRSs(r).filter((rs) => r.changed.has(rs.metadata.name) && rs !== r.created);
  const deleted = new Set(r.deleted.map((rs) => rs.metadata.name));
  return {
    ...(r.created ? { create: r.created } : {}),
    update: update.filter((rs) => !deleted.has(rs.metadata.name)),
    delete: r.deleted,
    ...(changedMeta || changedStatus ? { deployment: d } : {}),
    events: r.events,
    ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}),
  };
}
