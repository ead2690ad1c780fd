// Workloads that own pods: Deployment (through ReplicaSets), ReplicaSet, StatefulSet.
import type { ApiObject } from "../meta.js";
import type { ConditionStatus, IntOrString, LabelSelector, ResourceList } from "./common.js";
import type { PodTemplateSpec } from "./pod.js";
import type { PersistentVolumeClaimTemplate } from "./storage.js";

export interface StatefulSetPersistentVolumeClaimRetentionPolicy {
  whenDeleted?: "Retain" | "Delete";
  whenScaled?: "Retain" | "Delete";
}

/** A condition on a workload: `Available`, `Progressing`, `ReplicaFailure`. */
export interface WorkloadCondition {
  type: string;
  status: ConditionStatus;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface RollingUpdateDeployment {
  /** Pods that may be unavailable during the update: a count or a percentage (`"25%"`). */
  maxUnavailable?: IntOrString;
  /** Pods that may exist above `replicas` during the update: a count or a percentage. */
  maxSurge?: IntOrString;
}

export interface DeploymentStrategy {
  type?: "RollingUpdate" | "Recreate";
  /** Only with type RollingUpdate. */
  rollingUpdate?: RollingUpdateDeployment;
}

export interface DeploymentSpec {
  replicas?: number;
  selector: LabelSelector;
  template: PodTemplateSpec;
  strategy?: DeploymentStrategy;
  /** Seconds a new pod must be ready before it counts as available. */
  minReadySeconds?: number;
  /** Old ReplicaSets kept for `rollout undo`. */
  revisionHistoryLimit?: number;
  paused?: boolean;
  /** Seconds without progress before the Progressing condition turns False. */
  progressDeadlineSeconds?: number;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: WorkloadCondition[];
  collisionCount?: number;
}

export interface Deployment extends ApiObject<DeploymentSpec, DeploymentStatus> {
  apiVersion: "apps/v1";
  kind: "Deployment";
  spec: DeploymentSpec;
}

export interface ReplicaSetSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector: LabelSelector;
  template: PodTemplateSpec;
}

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: WorkloadCondition[];
}

export interface ReplicaSet extends ApiObject<ReplicaSetSpec, ReplicaSetStatus> {
  apiVersion: "apps/v1";
  kind: "ReplicaSet";
  spec: ReplicaSetSpec;
}

export interface StatefulSetUpdateStrategy {
  type?: "RollingUpdate" | "OnDelete";
  /** Pods with an ordinal below `partition` keep the old revision. */
  rollingUpdate?: { partition?: number };
}

export interface StatefulSetSpec {
  replicas?: number;
  selector: LabelSelector;
  template: PodTemplateSpec;
  /** The headless Service that gives each pod its DNS name. */
  serviceName?: string;
  podManagementPolicy?: "OrderedReady" | "Parallel";
  updateStrategy?: StatefulSetUpdateStrategy;
  volumeClaimTemplates?: PersistentVolumeClaimTemplate[];
  /** What happens to the claims when the set is deleted or scaled down (both Retain by default). */
  persistentVolumeClaimRetentionPolicy?: StatefulSetPersistentVolumeClaimRetentionPolicy;
  revisionHistoryLimit?: number;
  minReadySeconds?: number;
}

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  availableReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
  conditions?: WorkloadCondition[];
}

export interface StatefulSet extends ApiObject<StatefulSetSpec, StatefulSetStatus> {
  apiVersion: "apps/v1";
  kind: "StatefulSet";
  spec: StatefulSetSpec;
}
