// `skiff describe`: the common metadata every object has, then a section per kind.
import type { ApiObject } from "@skiff/api";
import { controllerOf, customKind, kindInfo } from "@skiff/api";
import { describeCustomObject } from "./custom.js";
import { eventsAbout } from "../events.js";
import { describeEvents } from "./events.js";
import { describeCronJob, describeJob } from "./batch.js";
import { describeConfigMap, describeSecret } from "./config.js";
import { describeDaemonSet } from "./daemonset.js";
import { describeNamespace, describeNode } from "./cluster.js";
import { describePod } from "./pod.js";
import { describePodDisruptionBudget } from "./policy.js";
import { describeLease } from "./coordination.js";
import { describeWebhookConfiguration } from "./admissionregistration.js";
import { describeLimitRange, describeResourceQuota } from "./limits.js";
import { describeBinding, describeRole } from "./rbac.js";
import { describeServiceAccount } from "./serviceaccount.js";
import { describeEndpoints, describeService } from "./service.js";
import { describePersistentVolume, describePersistentVolumeClaim, describeStorageClass } from "./storage.js";
import { describeDeployment, describeReplicaSet, describeStatefulSet } from "./workloads.js";
import { DescribeWriter } from "./writer.js";
import { formatTimestamp as formatTime } from "../age.js";
import type { DescribeContext } from "./context.js";

export { DescribeWriter } from "./writer.js";
export type { DescribeContext } from "./context.js";

type Describer = (obj: ApiObject, w: DescribeWriter, ctx: DescribeContext) => void;

/** The kinds whose account sums the pods bound to them: `describe` lists pods for these. */
export const NEEDS_PODS = new Set(["Node"]);
/** The kinds whose account names the ReplicaSets they own: `describe` lists those for these. */
export const NEEDS_REPLICASETS = new Set(["Deployment"]);
/** The kinds whose account shows their Endpoints: `describe` lists those for these. */
export const NEEDS_ENDPOINTS = new Set(["Service"]);

const DESCRIBERS: Record<string, Describer> = {
  Pod: describePod,
  Deployment: describeDeployment,
  ReplicaSet: describeReplicaSet,
  StatefulSet: describeStatefulSet,
  DaemonSet: describeDaemonSet,
  Job: describeJob,
  CronJob: describeCronJob,
  Service: describeService,
  Endpoints: describeEndpoints,
  ConfigMap: describeConfigMap,
  Secret: describeSecret,
  Node: describeNode,
  Namespace: describeNamespace,
  PersistentVolume: describePersistentVolume,
  PersistentVolumeClaim: describePersistentVolumeClaim,
  StorageClass: describeStorageClass,
  PodDisruptionBudget: describePodDisruptionBudget,
  Lease: describeLease,
  ServiceAccount: describeServiceAccount,
  ValidatingWebhookConfiguration: describeWebhookConfiguration, MutatingWebhookConfiguration: describeWebhookConfiguration,
  ResourceQuota: describeResourceQuota,
  LimitRange: describeLimitRange,
  Role: describeRole, ClusterRole: describeRole, RoleBinding: describeBinding, ClusterRoleBinding: describeBinding,
};

export function describeObject(obj: ApiObject, ctx: DescribeContext = { now: Date.now() }): string {
  const w = new DescribeWriter();
  const m = obj.metadata;
  w.field("Name", m.name);
  if (kindInfo(obj.kind)?.namespaced ?? m.namespace !== undefined) w.field("Namespace", m.namespace);
  w.map("Labels", m.labels);
  w.map("Annotations", m.annotations, ": ");
  w.field("CreationTimestamp", formatTime(m.creationTimestamp));
  if (m.deletionTimestamp) w.field("DeletionTimestamp", formatTime(m.deletionTimestamp));
  const owner = controllerOf(obj) ?? m.ownerReferences?.[0];
  if (owner) w.field("Controlled By", `${owner.kind}/${owner.name}`);
  const describer = DESCRIBERS[obj.kind] ?? (customKind(obj.kind) ? describeCustomObject : undefined);
  describer?.(obj, w, ctx);
  if (ctx.events) describeEvents(eventsAbout(ctx.events, obj), w, ctx.now);
  return w.toString();
}
