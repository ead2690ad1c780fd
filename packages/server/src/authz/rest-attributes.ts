// What a Kubernetes REST request asks (apiserver's RequestInfoFactory, for the URLs skiff serves):
// the verb from the HTTP method, the collection or object, `?watch=true`, and the subresource.
import type { Route } from "../kube/route.js";
import type { RequestAttributes } from "./types.js";

export function restAttributes(method: string, r: Route, path: string, query: URLSearchParams): RequestAttributes {
  // A path outside the resources: the verb is the HTTP method, lower-case (get, post, put...).
  if (r.type !== "resource") return { resourceRequest: false, verb: method.toLowerCase(), path };
  const sub = r.subresource ?? "";
  const name = r.name ?? "";
  let verb = requestVerb(method, name !== "", isWatch(query));
  // A create of a child: pods/eviction (POST), pods/exec (a WebSocket upgrade is a GET; Kubernetes
  // 1.31 also asks for create on it, and so does skiff, alone).
  if (sub === "exec") verb = "create";
  // Kubernetes' RequestInfo: a Namespace is in itself.
  const namespace = r.resource.resource === "namespaces" && r.resource.group === "" ? name : (r.namespace ?? "");
  return { resourceRequest: true, verb, apiGroup: r.resource.group, resource: r.resource.resource, subresource: sub, namespace, name };
}

/** Kubernetes' verb for an HTTP method on one object (`named`) or a collection, `?watch` or not. */
export function requestVerb(method: string, named: boolean, watch: boolean): string {
  const verb = httpVerb(method);
  if (verb === "get") return watch ? "watch" : named ? "get" : "list";
  if (verb === "delete" && !named) return "deletecollection";
  return verb;
}

function httpVerb(method: string): string {
  switch (method.toUpperCase()) {
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return "delete";
    default:
      return "get"; // GET and HEAD
  }
}

export function isWatch(query: URLSearchParams): boolean {
  return ["1", "t", "T", "true", "TRUE", "True"].includes(query.get("watch") ?? "");
}
