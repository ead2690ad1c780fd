// What each gRPC API call asks, in Kubernetes' request attributes, so that one authorizer judges
// both edges alike. Pure: the caller decodes the request; Apply asks per object whether it exists
// (an apply that makes an object is a create, one that changes it a patch, as server-side apply).
import { kindInfo, lookupKind, type KindInfo } from "@skiff/api";
import type { ResourceAttributes } from "./types.js";

/** skiff's own API group, for what Kubernetes has no resource for (tokens). */
export const SKIFF_GROUP = "skiff.dev";

const resolve = (kind: string): KindInfo | undefined => kindInfo(kind) ?? lookupKind(kind);
const groupOf = (k: KindInfo) => (k.apiVersion.includes("/") ? k.apiVersion.slice(0, k.apiVersion.indexOf("/")) : "");

/**
 * The attributes of a verb on a kind (`Pod`, `pods`, `deploy`); undefined for a kind the server
 * does not know (the call then fails on its own, naming the kind). A namespaced kind asked without
 * a namespace means `default` for one object, every namespace for a list or watch.
 */
export function kindAttributes(verb: string, kind: string, namespace: string, name: string, subresource = ""): ResourceAttributes | undefined {
  const k = resolve(kind);
  if (!k) return undefined;
  const collection = verb === "list" || verb === "watch" || verb === "deletecollection";
  let ns = k.namespaced ? namespace || (collection ? "" : "default") : "";
  // Kubernetes' RequestInfo: a Namespace is in itself, so a RoleBinding there can grant reading it.
  if (k.kind === "Namespace") ns = name;
  return { resourceRequest: true, verb, apiGroup: groupOf(k), resource: k.plural, subresource, namespace: ns, name };
}

/** An object of a request body (Create, Update, each of Apply's). */
export function objectAttributes(verb: string, obj: unknown): ResourceAttributes | undefined {
  if (typeof obj !== "object" || obj === null) return undefined;
  const o = obj as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  if (typeof o.kind !== "string") return undefined;
  const name = typeof o.metadata?.name === "string" ? o.metadata.name : "";
  // A create is judged on the collection, as Kubernetes does (the name is not yet an object's).
  const a = kindAttributes(verb, o.kind, typeof o.metadata?.namespace === "string" ? o.metadata.namespace : "", verb === "create" ? "" : name);
  return a && verb === "create" && name ? { ...a, objectName: name } : a;
}

type Field = (name: string) => string;
const cluster = (verb: string, apiGroup: string, resource: string, name = ""): ResourceAttributes => ({ resourceRequest: true, verb, apiGroup, resource, subresource: "", namespace: "", name });

/**
 * How each method of the Api service is authorised: `objects` when the request's objects say
 * (authorized.ts reads them), `anyone` for Health, else the attributes the request asks. A method
 * missing here is refused (fail closed): a new rpc must say what it asks before anyone may call it.
 */
export const API_METHOD_RULES: Readonly<Record<string, "objects" | "anyone" | ((s: Field) => ResourceAttributes | undefined)>> = {
  Apply: "objects",
  Create: "objects",
  Update: "objects",
  UpdateStatus: "objects",
  Health: "anyone",
  Get: (s) => kindAttributes("get", s("kind"), s("namespace"), s("name")),
  List: (s) => kindAttributes("list", s("kind"), s("namespace"), ""),
  Watch: (s) => kindAttributes("watch", s("kind"), s("namespace"), ""),
  Delete: (s) => kindAttributes("delete", s("kind"), s("namespace"), s("name")),
  Evict: (s) => kindAttributes("create", "Pod", s("namespace"), s("name"), "eviction"),
  Exec: (s) => kindAttributes("create", "Pod", s("namespace"), s("pod"), "exec"),
  Logs: (s) => kindAttributes("get", "Pod", s("namespace"), s("pod"), "log"),
  // As kubectl top asks: list on metrics.k8s.io's nodes or pods.
  Usage: (s) => ({ ...cluster("list", "metrics.k8s.io", s("kind") === "NodeMetrics" ? "nodes" : "pods"), namespace: s("namespace") }),
  // A trace tells what happened to a namespace's objects: who may list its Events may read it.
  Trace: (s) => kindAttributes("list", "Event", s("namespace"), ""),
  CreateToken: () => cluster("create", SKIFF_GROUP, "tokens"),
  ListTokens: () => cluster("list", SKIFF_GROUP, "tokens"),
  RevokeToken: (s) => cluster("delete", SKIFF_GROUP, "tokens", s("id")),
};

/**
 * The attributes of a call whose request names what it acts on; undefined for a method whose
 * objects say (Apply, Create, Update, UpdateStatus), for Health (anyone), for a kind the server
 * does not know (the handler refuses it, naming the kind), and for a method with no rule (which
 * authorized.ts refuses: check `API_METHOD_RULES` first).
 */
export function callAttributes(method: string, req: Record<string, unknown>): ResourceAttributes | undefined {
  const rule = Object.hasOwn(API_METHOD_RULES, method) ? API_METHOD_RULES[method] : undefined;
  if (typeof rule !== "function") return undefined;
  return rule((k) => (typeof req[k] === "string" ? (req[k] as string) : ""));
}
