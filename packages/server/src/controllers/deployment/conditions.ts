// Deployment conditions, with Kubernetes' bookkeeping (deployment/util SetDeploymentCondition):
//   - lastUpdateTime: when the condition was last set (the progress deadline counts from it)
//   - lastTransitionTime: when its status last changed
//   - setting a condition with the same status and reason changes nothing at all
import type { ConditionStatus, DeploymentStatus, WorkloadCondition } from "@skiff/api";

export const AVAILABLE = "Available";
export const PROGRESSING = "Progressing";

export const Reason = {
  MinimumReplicasAvailable: "MinimumReplicasAvailable",
  MinimumReplicasUnavailable: "MinimumReplicasUnavailable",
  NewReplicaSetCreated: "NewReplicaSetCreated",
  FoundNewReplicaSet: "FoundNewReplicaSet",
  ReplicaSetUpdated: "ReplicaSetUpdated",
  NewReplicaSetAvailable: "NewReplicaSetAvailable",
  ProgressDeadlineExceeded: "ProgressDeadlineExceeded",
  DeploymentPaused: "DeploymentPaused",
  DeploymentResumed: "DeploymentResumed",
} as const;

export function condition(type: string, status: ConditionStatus, reason: string, message: string, now: Date): WorkloadCondition {
  const at = now.toISOString();
  return { type, status, lastUpdateTime: at, lastTransitionTime: at, reason, message };
}

export function getCondition(status: DeploymentStatus | undefined, type: string): WorkloadCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

export function setCondition(status: DeploymentStatus, cond: WorkloadCondition): void {
  const current = getCondition(status, cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return;
  const next = current && current.status === cond.status ? { ...cond, lastTransitionTime: current.lastTransitionTime } : cond;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  if (status.conditions) status.conditions = status.conditions.filter((c) => c.type !== type);
}
