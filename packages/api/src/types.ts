// The typed kinds, shaped exactly as Kubernetes' JSON. Validation (validate.ts) produces them.
import type { Namespace, Node, Event } from "./types/cluster.js";
import type { ConfigMap, Secret } from "./types/config.js";
import type { Pod } from "./types/pod.js";
import type { Endpoints, Service } from "./types/service.js";
import type { Deployment, ReplicaSet, StatefulSet } from "./types/workloads.js";
import type { CronJob, Job } from "./types/batch.js";
import type { DaemonSet } from "./types/daemonset.js";
import type { ControllerRevision } from "./types/controllerrevision.js";
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from "./types/storage.js";
import type { PodDisruptionBudget } from "./types/policy.js";
import type { Lease } from "./types/coordination.js";
import type { LimitRange, ResourceQuota } from "./types/limits.js";
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "./types/rbac.js";
import type { ServiceAccount } from "./types/serviceaccount.js";
import type { MutatingWebhookConfiguration, ValidatingWebhookConfiguration } from "./types/admissionregistration.js";

export type * from "./types/common.js";
export type * from "./types/container.js";
export type * from "./types/pod.js";
export type * from "./types/workloads.js";
export type * from "./types/daemonset.js";
export type * from "./types/controllerrevision.js";
export type * from "./types/storage.js";
export type * from "./types/batch.js";
export type * from "./types/policy.js";
export type * from "./types/apiextensions.js";
export type * from "./types/coordination.js";
export type * from "./types/limits.js";
export type * from "./types/rbac.js";
export type * from "./types/serviceaccount.js";
export type * from "./types/admissionregistration.js";
export type * from "./types/service.js";
export type * from "./types/config.js";
export type * from "./types/cluster.js";

/** Kind name to its type, e.g. `KindMap["Pod"]` is `Pod`. */
export interface KindMap {
  Namespace: Namespace;
  Node: Node;
  Pod: Pod;
  Service: Service;
  Endpoints: Endpoints;
  ConfigMap: ConfigMap;
  Secret: Secret;
  Event: Event;
  Deployment: Deployment;
  ReplicaSet: ReplicaSet;
  StatefulSet: StatefulSet;
  DaemonSet: DaemonSet;
  ControllerRevision: ControllerRevision;
  Job: Job;
  CronJob: CronJob;
  PersistentVolume: PersistentVolume;
  PersistentVolumeClaim: PersistentVolumeClaim;
  StorageClass: StorageClass;
  PodDisruptionBudget: PodDisruptionBudget;
  Lease: Lease;
  ServiceAccount: ServiceAccount;
  ResourceQuota: ResourceQuota; LimitRange: LimitRange;
  Role: Role; ClusterRole: ClusterRole; RoleBinding: RoleBinding; ClusterRoleBinding: ClusterRoleBinding;
  ValidatingWebhookConfiguration: ValidatingWebhookConfiguration; MutatingWebhookConfiguration: MutatingWebhookConfiguration;
}

export type KindName = keyof KindMap;

/** Any object of a kind skiff knows; narrow on `kind`. */
export type AnyObject = KindMap[KindName];
