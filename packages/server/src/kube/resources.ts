// The REST resources the Kubernetes edge serves, derived from the kinds the object core knows
// (@skiff/api KINDS): a kind added there is served here, in discovery, OpenAPI and every verb.
import { KINDS, customKinds, customKindsRevision, type CustomKind, type KindInfo } from "@skiff/api";
import { USAGE_RESOURCES } from "./usage.js";

export interface Subresource {
  /** `status`, `scale`, `log`, `exec`. */
  name: string;
  /** What the subresource answers with: the kind itself, or another (Scale, Pod for log/exec). */
  group: string;
  version: string;
  kind: string;
  verbs: string[];
}

export interface Resource {
  /** "" for the core group (`/api/v1`), else `apps` (`/apis/apps/v1`). */
  group: string;
  version: string;
  /** Lower-case plural, the URL segment: `pods`, `deployments`. */
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  /** `all` for the kinds `kubectl get all` shows. */
  categories: string[];
  verbs: string[];
  subresources: Subresource[];
}

const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
// What `kubectl get all` lists, as Kubernetes marks it.
const IN_ALL = new Set(["Pod", "Service", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob"]);
const SCALABLE = new Set(["Deployment", "ReplicaSet", "StatefulSet"]);
// Kinds whose status is a subresource of its own (a spec-less ConfigMap has none).
const WITH_STATUS = new Set(["Pod", "Node", "Namespace", "Service", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "PersistentVolume", "PersistentVolumeClaim", "PodDisruptionBudget", "ResourceQuota"]);

export function groupVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf("/");
  return i < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

function subresourcesOf(k: KindInfo, group: string, version: string): Subresource[] {
  const subs: Subresource[] = [];
  if (WITH_STATUS.has(k.kind)) subs.push({ name: "status", group, version, kind: k.kind, verbs: ["get", "patch", "update"] });
  if (SCALABLE.has(k.kind)) subs.push({ name: "scale", group: "autoscaling", version: "v1", kind: "Scale", verbs: ["get", "patch", "update"] });
  // kubectl create token posts an authentication.k8s.io/v1 TokenRequest here.
  if (k.kind === "ServiceAccount") subs.push({ name: "token", group: "authentication.k8s.io", version: "v1", kind: "TokenRequest", verbs: ["create"] });
  if (k.kind === "Pod") {
    subs.push({ name: "log", group: "", version: "v1", kind: "Pod", verbs: ["get"] });
    subs.push({ name: "exec", group: "", version: "v1", kind: "PodExecOptions", verbs: ["create", "get"] });
    // kubectl drain looks for exactly this (name pods/eviction, kind Eviction, group policy, v1).
    subs.push({ name: "eviction", group: "policy", version: "v1", kind: "Eviction", verbs: ["create"] });
  }
  return subs;
}

function toResource(k: KindInfo): Resource {
  const { group, version } = groupVersion(k.apiVersion);
  return {
    group,
    version,
    resource: k.plural,
    kind: k.kind,
    singular: k.singular,
    namespaced: k.namespaced,
    shortNames: k.shortNames,
    categories: IN_ALL.has(k.kind) ? ["all"] : [],
    verbs: VERBS,
    subresources: subresourcesOf(k, group, version),
  };
}

/** A CRD's kind, at its storage version, with the subresources its CRD enables. */
function toCustomResource(k: CustomKind): Resource {
  const subresources: Subresource[] = [];
  if (k.statusSubresource) subresources.push({ name: "status", group: k.group, version: k.version, kind: k.kind, verbs: ["get", "patch", "update"] });
  if (k.scale) subresources.push({ name: "scale", group: "autoscaling", version: "v1", kind: "Scale", verbs: ["get", "patch", "update"] });
  return { ...toResource(k), categories: k.categories, subresources };
}
// Questions to the authorizer (authz/review.ts), created and answered, never stored: `kubectl auth can-i`.
const review = (kind: string): Resource => ({
  group: "authorization.k8s.io", version: "v1", resource: `${kind.toLowerCase()}s`, kind, singular: kind.toLowerCase(),
  namespaced: false, shortNames: [], categories: [], verbs: ["create"], subresources: [],
});
const ACCESS_REVIEWS = [review("SelfSubjectAccessReview"), review("SubjectAccessReview"), review("SelfSubjectRulesReview")];

let builtIn: Resource[] | undefined;
let served: { revision: number; resources: Resource[] } | undefined;

/** Every resource served: the built-in ones in KINDS' order, then the CRDs' (made again only when those change). */
export function resources(): Resource[] {
  builtIn ??= [...KINDS.map(toResource), ...USAGE_RESOURCES, ...ACCESS_REVIEWS];
  const revision = customKindsRevision();
  if (served?.revision !== revision) served = { revision, resources: [...builtIn, ...customKinds().map(toCustomResource)] };
  return served.resources;
}

/** `group/version`, or `version` for the core group. */
export function groupVersionString(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** The group versions served, core first: `[{group: "", version: "v1"}, {group: "apps", ...}]`. */
export function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of resources()) seen.set(groupVersionString(r.group, r.version), { group: r.group, version: r.version });
  return [...seen.values()];
}

/** The resource at `/api(s)/<group>/<version>/<resource>`, or undefined. */
export function findResource(group: string, version: string, resource: string): Resource | undefined {
  return resources().find((r) => r.group === group && r.version === version && r.resource === resource);
}

/** The resource of a kind, or undefined. */
export function resourceOfKind(kind: string): Resource | undefined {
  return resources().find((r) => r.kind === kind);
}

/** How Kubernetes names a resource in messages: `pods`, `deployments.apps`. */
export function qualifiedName(r: Pick<Resource, "group" | "resource">): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}
