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

/** The attributes of a call whose request names what it acts on; undefined for Apply, Create, Update (the objects say) and Health (anyone). */
export function callAttributes(method: string, req: Record<string, unknown>): ResourceAttributes | undefined {
  const s = (k: string) => (typeof req[k] === "string" ? (req[k] as string) : "");
  switch (method) {
    case "Get":
      return kindAttributes("get", s("kind"), s("namespace"), s("name"));
    case "List":
      return kindAttributes("list", s("kind"), s("namespace"), "");
    case "Watch":
      return kindAttributes("watch", s("kind"), s("namespace"), "");
    case "Delete":
      return kindAttributes("delete", s("kind"), s("namespace"), s("name"));
    case "Evict":
      return kindAttributes("create", "Pod", s("namespace"), s("name"), "eviction");
    case "Exec":
      return kindAttributes("create", "Pod", s("namespace"), s("pod"), "exec");
    case "Logs":
      return kindAttributes("get", "Pod", s("namespace"), s("pod"), "log");
    case "Usage":
      // As kubectl top asks: list on metrics.k8s.io's nodes or pods.
      return { resourceRequest: true, verb: "list", apiGroup: "metrics.k8s.io", resource: s("kind") === "NodeMetrics" ? "nodes" : "pods", subresource: "", namespace: s("namespace"), name: "" };
    case "CreateToken":
      return { resourceRequest: true, verb: "create", apiGroup: SKIFF_GROUP, resource: "tokens", subresource: "", namespace: "", name: "" };
    case "ListTokens":
      return { resourceRequest: true, verb: "list", apiGroup: SKIFF_GROUP, resource: "tokens", subresource: "", namespace: "", name: "" };
    case "RevokeToken":
      return { resourceRequest: true, verb: "delete", apiGroup: SKIFF_GROUP, resource: "tokens", subresource: "", namespace: "", name: s("id") };
  }
  return undefined;
}
