// Defaults, as Kubernetes' defaulting functions set them (pkg/apis/*/v1/defaults.go), applied to a
// validated object so controllers and agents never have to guess. Each default fills only what is
// absent, so defaulting twice changes nothing.
import type { KindInfo } from "./kinds.js";
import { DEFAULT_NAMESPACE } from "./kinds.js";
import type { ApiObject } from "./meta.js";
import type { CustomResourceDefinition } from "./types/apiextensions.js";
import { defaultCustomResourceDefinition } from "./custom/crd-defaults.js";
import { defaultWebhooks } from "./webhook-defaults.js";
import type {
  Container,
  CronJob,
  DaemonSet,
  Deployment,
  JobSpec,
  Endpoints,
  PodSpec,
  PodTemplateSpec,
  Probe,
  ReplicaSet,
  Secret,
  Service,
  StatefulSet,
  Volume,
  PersistentVolume,
  PersistentVolumeClaim,
  StorageClass,
} from "./types.js";

/** `Always` for `:latest` or no tag (the image may have moved), else `IfNotPresent`. */
export function defaultPullPolicy(image: string): "Always" | "IfNotPresent" {
  const [name = "", digest] = image.split("@");
  const tagAt = name.lastIndexOf(":");
  const tag = tagAt > name.lastIndexOf("/") ? name.slice(tagAt + 1) : undefined;
  if (tag === undefined) return digest === undefined ? "Always" : "IfNotPresent";
  return tag === "latest" ? "Always" : "IfNotPresent";
}

function defaultProbe(p: Probe): void {
  p.initialDelaySeconds ??= 0;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) {
    p.httpGet.path ??= "/";
    p.httpGet.scheme ??= "HTTP";
  }
}

function defaultContainer(c: Container): void {
  c.imagePullPolicy ??= defaultPullPolicy(c.image);
  for (const p of c.ports ?? []) p.protocol ??= "TCP";
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) if (probe) defaultProbe(probe);
}

const DEFAULT_MODE = 0o644;

function defaultVolume(v: Volume): void {
  if (!v.emptyDir && !v.hostPath && !v.configMap && !v.secret && !v.persistentVolumeClaim) v.emptyDir = {};
  if (v.configMap) v.configMap.defaultMode ??= DEFAULT_MODE;
  if (v.secret) v.secret.defaultMode ??= DEFAULT_MODE;
}

export function defaultPodSpec(spec: PodSpec): void {
  spec.restartPolicy ??= "Always";
  spec.terminationGracePeriodSeconds ??= 30;
  for (const c of spec.containers) defaultContainer(c);
  for (const v of spec.volumes ?? []) defaultVolume(v);
}

const defaultTemplate = (t: PodTemplateSpec): void => defaultPodSpec(t.spec);

function defaultDeployment(d: Deployment): void {
  const spec = d.spec;
  spec.replicas ??= 1;
  spec.strategy ??= {};
  spec.strategy.type ??= "RollingUpdate";
  if (spec.strategy.type === "RollingUpdate") {
    spec.strategy.rollingUpdate ??= {};
    spec.strategy.rollingUpdate.maxUnavailable ??= "25%";
    spec.strategy.rollingUpdate.maxSurge ??= "25%";
  }
  spec.minReadySeconds ??= 0;
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultTemplate(spec.template);
}

function defaultStatefulSet(s: StatefulSet): void {
  const spec = s.spec;
  spec.replicas ??= 1;
  spec.podManagementPolicy ??= "OrderedReady";
  spec.updateStrategy ??= {};
  spec.updateStrategy.type ??= "RollingUpdate";
  if (spec.updateStrategy.type === "RollingUpdate") {
    spec.updateStrategy.rollingUpdate ??= {};
    spec.updateStrategy.rollingUpdate.partition ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  spec.persistentVolumeClaimRetentionPolicy ??= {};
  spec.persistentVolumeClaimRetentionPolicy.whenDeleted ??= "Retain";
  spec.persistentVolumeClaimRetentionPolicy.whenScaled ??= "Retain";
  for (const t of spec.volumeClaimTemplates ?? []) t.spec.volumeMode ??= "Filesystem";
  defaultTemplate(spec.template);
}

// A claim without storageClassName is given the default class by the binder (controllers/volumes),
// as Kubernetes' DefaultStorageClass admission does: a default needs the store, defaults do not.
function defaultClaim(c: PersistentVolumeClaim): void {
  c.spec.volumeMode ??= "Filesystem";
  c.status ??= {};
  c.status.phase ??= "Pending";
}

function defaultVolumeObject(v: PersistentVolume): void {
  v.spec.persistentVolumeReclaimPolicy ??= "Retain";
  v.spec.volumeMode ??= "Filesystem";
  v.status ??= {};
  v.status.phase ??= "Pending";
}

function defaultStorageClass(sc: StorageClass): void {
  sc.reclaimPolicy ??= "Delete";
  sc.volumeBindingMode ??= "Immediate";
}

function defaultDaemonSet(d: DaemonSet): void {
  const spec = d.spec;
  spec.updateStrategy ??= {};
  spec.updateStrategy.type ??= "RollingUpdate";
  if (spec.updateStrategy.type === "RollingUpdate") {
    spec.updateStrategy.rollingUpdate ??= {};
    spec.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
    spec.updateStrategy.rollingUpdate.maxSurge ??= 0;
  }
  spec.minReadySeconds ??= 0;
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec.template);
}

/** Kubernetes' Job defaults: completions is left unset (a work queue) only when parallelism is set. */
export function defaultJobSpec(spec: JobSpec): void {
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= "NonIndexed";
  spec.suspend ??= false;
  defaultTemplate(spec.template);
}

function defaultCronJob(c: CronJob): void {
  const spec = c.spec;
  spec.concurrencyPolicy ??= "Allow";
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  defaultJobSpec(spec.jobTemplate.spec);
}

function defaultService(s: Service): void {
  s.spec.type ??= "ClusterIP";
  for (const p of s.spec.ports) {
    p.protocol ??= "TCP";
    p.targetPort ??= p.port;
  }
}

/** UTF-8 then base64, without Node's Buffer so the package stays usable anywhere. */
function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** As the Kubernetes API server does: `stringData` is write-only and lands in `data`, base64. */
function defaultSecret(s: Secret): void {
  s.type ??= "Opaque";
  if (s.stringData) {
    const encoded = Object.fromEntries(Object.entries(s.stringData).map(([k, v]) => [k, base64(v)]));
    s.data = { ...s.data, ...encoded };
    delete s.stringData;
  }
}

/** Fill in every default of `obj` (a validated object of the kind `info`), in place. */
export function applyDefaults(obj: ApiObject, info: KindInfo): ApiObject {
  if (info.namespaced) {
    if (!obj.metadata.namespace) obj.metadata.namespace = DEFAULT_NAMESPACE;
  } else if (obj.metadata.namespace === "") {
    delete obj.metadata.namespace;
  }
  switch (info.kind) {
    case "CustomResourceDefinition":
      defaultCustomResourceDefinition(obj as CustomResourceDefinition);
      break;
    case "Pod":
      defaultPodSpec((obj as { spec: PodSpec }).spec);
      break;
    case "Deployment":
      defaultDeployment(obj as Deployment);
      break;
    case "ReplicaSet":
      (obj as ReplicaSet).spec.replicas ??= 1;
      defaultTemplate((obj as ReplicaSet).spec.template);
      break;
    case "StatefulSet":
      defaultStatefulSet(obj as StatefulSet);
      break;
    case "DaemonSet":
      defaultDaemonSet(obj as DaemonSet);
      break;
    case "Job":
      defaultJobSpec((obj as { spec: JobSpec }).spec);
      break;
    case "CronJob":
      defaultCronJob(obj as CronJob);
      break;
    case "Service":
      defaultService(obj as Service);
      break;
    case "Endpoints":
      for (const subset of (obj as Endpoints).subsets ?? []) for (const p of subset.ports ?? []) p.protocol ??= "TCP";
      break;
    case "Secret":
      defaultSecret(obj as Secret);
      break;
    case "PersistentVolumeClaim":
      defaultClaim(obj as PersistentVolumeClaim);
      break;
    case "PersistentVolume":
      defaultVolumeObject(obj as PersistentVolume);
      break;
    case "StorageClass":
      defaultStorageClass(obj as StorageClass);
      break;
    case "ValidatingWebhookConfiguration": case "MutatingWebhookConfiguration":
      defaultWebhooks(obj as Parameters<typeof defaultWebhooks>[0]);
      break;
  }
  return obj;
}
