// One schema per kind. The schemas check types and rules; defaults.ts fills in what is left out.
import type { z } from "zod";
import { cronJob, job } from "./batch.js";
import { event, namespace, node } from "./cluster.js";
import { configMap, secret } from "./config.js";
import { daemonSet } from "./daemonset.js";
import { controllerRevision } from "./controllerrevision.js";
import { pod } from "./pod.js";
import { persistentVolume, persistentVolumeClaim, storageClass } from "./storage.js";
import { podDisruptionBudget } from "./policy.js";
import { customResourceDefinition } from "./apiextensions.js";
import { lease } from "./coordination.js";
import { mutatingWebhookConfiguration, validatingWebhookConfiguration } from "./admissionregistration.js";
import { limitRange, resourceQuota } from "./limits.js";
import { clusterRole, clusterRoleBinding, role, roleBinding } from "./rbac.js";
import { endpoints, service } from "./service.js";
import { serviceAccount } from "./serviceaccount.js";
import { deployment, replicaSet, statefulSet } from "./workloads.js";

export const KIND_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  Namespace: namespace,
  Node: node,
  Pod: pod,
  Service: service,
  Endpoints: endpoints,
  ConfigMap: configMap,
  Secret: secret,
  Event: event,
  Deployment: deployment,
  ReplicaSet: replicaSet,
  StatefulSet: statefulSet,
  DaemonSet: daemonSet,
  ControllerRevision: controllerRevision,
  Job: job,
  CronJob: cronJob,
  PersistentVolume: persistentVolume,
  PersistentVolumeClaim: persistentVolumeClaim,
  StorageClass: storageClass,
  PodDisruptionBudget: podDisruptionBudget,
  CustomResourceDefinition: customResourceDefinition,
  Lease: lease,
  ServiceAccount: serviceAccount,
  ResourceQuota: resourceQuota, LimitRange: limitRange,
  Role: role, ClusterRole: clusterRole, RoleBinding: roleBinding, ClusterRoleBinding: clusterRoleBinding,
  ValidatingWebhookConfiguration: validatingWebhookConfiguration, MutatingWebhookConfiguration: mutatingWebhookConfiguration,
};
