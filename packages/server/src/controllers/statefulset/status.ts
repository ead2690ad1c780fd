// A StatefulSet's status, counted from its pods; and the moment a rollout completes, when the
// update revision becomes the current one. Pure.
import type { Pod, StatefulSet, StatefulSetStatus } from "@skiff/api";
import { isRunningAndReady, isTerminating, msUntilAvailable } from "./health.js";
import { revisionOf, type Revision, type Revisions } from "./revision.js";

export interface Counted {
  status: StatefulSetStatus;
  /** The current revision after this count: the update revision once every replica runs it, Ready. */
  current: Revision;
}

export function countStatus(set: StatefulSet, pods: readonly Pod[], revisions: Revisions, now: Date): Counted {
  const live = pods.filter((p) => !isTerminating(p));
  const count = (f: (p: Pod) => boolean) => live.filter(f).length;
  const replicas = set.spec.replicas ?? 1;
  const status: StatefulSetStatus = {
    replicas: live.length,
    readyReplicas: count(isRunningAndReady),
    availableReplicas: count((p) => msUntilAvailable(p, set.spec.minReadySeconds ?? 0, now) === 0),
    currentReplicas: count((p) => revisionOf(p) === revisions.current.name),
    updatedReplicas: count((p) => revisionOf(p) === revisions.update.name),
    currentRevision: revisions.current.name,
    updateRevision: revisions.update.name,
  };
  if (set.metadata.generation !== undefined) status.observedGeneration = set.metadata.generation;
  if (set.status?.conditions) status.conditions = set.status.conditions;
  // Kubernetes' completeRollingUpdate: every replica updated and Ready -> the update is current.
  // (Kubernetes does this for RollingUpdate only, so an OnDelete set's currentRevision never
  // moves; skiff moves it for both, so that `status` says when an OnDelete rollout is done.)
  const done = status.replicas === replicas && status.updatedReplicas === replicas && status.readyReplicas === replicas;
  if (!done || revisions.current.name === revisions.update.name) return { status, current: revisions.current };
  return {
    status: { ...status, currentRevision: revisions.update.name, currentReplicas: status.updatedReplicas },
    current: revisions.update,
  };
}
