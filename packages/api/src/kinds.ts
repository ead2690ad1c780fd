// The kinds skiff knows, spelled as Kubernetes spells them, with kubectl's names for each.
// KINDS are the built-in ones; the kinds of CustomResourceDefinitions are in custom/registry.ts,
// asked only when a name is not a built-in one.
import { customKind, customKinds, lookupCustomKind } from "./custom/registry.js";

export interface KindInfo {
  kind: string;
  apiVersion: string;
  /** Lower-case plural, as in `kubectl get pods`. */
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
}

const rbac = (kind: string, namespaced: boolean): KindInfo =>
  ({ kind, apiVersion: "rbac.authorization.k8s.io/v1", plural: `${kind.toLowerCase()}s`, singular: kind.toLowerCase(), shortNames: [], namespaced });
const RBAC_KINDS = [rbac("Role", true), rbac("ClusterRole", false), rbac("RoleBinding", true), rbac("ClusterRoleBinding", false)];

const webhooks = (kind: string): KindInfo =>
  ({ kind, apiVersion: "admissionregistration.k8s.io/v1", plural: `${kind.toLowerCase()}s`, singular: kind.toLowerCase(), shortNames: [], namespaced: false });
const WEBHOOK_KINDS = [webhooks("ValidatingWebhookConfiguration"), webhooks("MutatingWebhookConfiguration")];

export const KINDS: readonly KindInfo[] = [
  { kind: "Namespace", apiVersion: "v1", plural: "namespaces", singular: "namespace", shortNames: ["ns"], namespaced: false },
  { kind: "Node", apiVersion: "v1", plural: "nodes", singular: "node", shortNames: ["no"], namespaced: false },
  { kind: "Pod", apiVersion: "v1", plural: "pods", singular: "pod", shortNames: ["po"], namespaced: true },
  { kind: "Service", apiVersion: "v1", plural: "services", singular: "service", shortNames: ["svc"], namespaced: true },
  { kind: "Endpoints", apiVersion: "v1", plural: "endpoints", singular: "endpoints", shortNames: ["ep"], namespaced: true },
  { kind: "ConfigMap", apiVersion: "v1", plural: "configmaps", singular: "configmap", shortNames: ["cm"], namespaced: true },
  { kind: "Secret", apiVersion: "v1", plural: "secrets", singular: "secret", shortNames: [], namespaced: true },
  { kind: "Event", apiVersion: "v1", plural: "events", singular: "event", shortNames: ["ev"], namespaced: true },
  { kind: "Deployment", apiVersion: "apps/v1", plural: "deployments", singular: "deployment", shortNames: ["deploy"], namespaced: true },
  { kind: "ReplicaSet", apiVersion: "apps/v1", plural: "replicasets", singular: "replicaset", shortNames: ["rs"], namespaced: true },
  { kind: "StatefulSet", apiVersion: "apps/v1", plural: "statefulsets", singular: "statefulset", shortNames: ["sts"], namespaced: true },
  { kind: "DaemonSet", apiVersion: "apps/v1", plural: "daemonsets", singular: "daemonset", shortNames: ["ds"], namespaced: true },
  { kind: "ControllerRevision", apiVersion: "apps/v1", plural: "controllerrevisions", singular: "controllerrevision", shortNames: [], namespaced: true },
  { kind: "Job", apiVersion: "batch/v1", plural: "jobs", singular: "job", shortNames: [], namespaced: true },
  { kind: "CronJob", apiVersion: "batch/v1", plural: "cronjobs", singular: "cronjob", shortNames: ["cj"], namespaced: true },
  { kind: "PersistentVolume", apiVersion: "v1", plural: "persistentvolumes", singular: "persistentvolume", shortNames: ["pv"], namespaced: false },
  { kind: "PersistentVolumeClaim", apiVersion: "v1", plural: "persistentvolumeclaims", singular: "persistentvolumeclaim", shortNames: ["pvc"], namespaced: true },
  { kind: "StorageClass", apiVersion: "storage.k8s.io/v1", plural: "storageclasses", singular: "storageclass", shortNames: ["sc"], namespaced: false },
  { kind: "PodDisruptionBudget", apiVersion: "policy/v1", plural: "poddisruptionbudgets", singular: "poddisruptionbudget", shortNames: ["pdb"], namespaced: true },
  { kind: "ResourceQuota", apiVersion: "v1", plural: "resourcequotas", singular: "resourcequota", shortNames: ["quota"], namespaced: true },
  { kind: "LimitRange", apiVersion: "v1", plural: "limitranges", singular: "limitrange", shortNames: ["limits"], namespaced: true },
  { kind: "Lease", apiVersion: "coordination.k8s.io/v1", plural: "leases", singular: "lease", shortNames: [], namespaced: true },
  ...RBAC_KINDS,
  { kind: "ServiceAccount", apiVersion: "v1", plural: "serviceaccounts", singular: "serviceaccount", shortNames: ["sa"], namespaced: true },
  ...WEBHOOK_KINDS,
  { kind: "CustomResourceDefinition", apiVersion: "apiextensions.k8s.io/v1", plural: "customresourcedefinitions", singular: "customresourcedefinition", shortNames: ["crd", "crds"], namespaced: false },
];

const byName = new Map<string, KindInfo>();
const byKind = new Map<string, KindInfo>(KINDS.map((k) => [k.kind, k]));
for (const k of KINDS) {
  for (const n of [k.kind.toLowerCase(), k.plural, k.singular, ...k.shortNames]) byName.set(n, k);
}

/** Resolve what a user typed (`po`, `pods`, `Pod`, `deployment.apps`) to a kind, or undefined. */
export function lookupKind(name: string): KindInfo | undefined {
  const bare = name.toLowerCase().split(".")[0] ?? "";
  return byName.get(bare) ?? lookupCustomKind(bare);
}

/** The registry entry for an exact `kind` (as written in a manifest), or undefined. */
export function kindInfo(kind: string): KindInfo | undefined {
  return byKind.get(kind) ?? customKind(kind);
}

/** The namespaced kinds, built-in and custom: what a namespace holds. */
export function namespacedKinds(): string[] {
  return [...KINDS, ...customKinds()].filter((k) => k.namespaced).map((k) => k.kind);
}

export const DEFAULT_NAMESPACE = "default";
