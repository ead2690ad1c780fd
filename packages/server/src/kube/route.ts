// Where a Kubernetes URL points: a discovery document, or a resource (a collection, one object, or
// one of its subresources). Pure: the handlers decide what to do with it.
//   /api/v1/pods                                   every namespace
//   /api/v1/namespaces/default/pods/web-1/log      a subresource
//   /apis/apps/v1/namespaces/default/deployments   a group's resource
//   /api/v1/namespaces/team-a                      the Namespace itself (cluster-scoped)
import { findResource, type Resource } from "./resources.js";

export type Route =
  | { type: "discovery"; path: string }
  | { type: "resource"; resource: Resource; namespace?: string; name?: string; subresource?: string }
  | { type: "unknown" };

export function route(pathname: string): Route {
  const segments = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === "api" && segments.length >= 2) {
    [group, version, rest] = ["", segments[1]!, segments.slice(2)];
  } else if (segments[0] === "apis" && segments.length >= 3) {
    [group, version, rest] = [segments[1]!, segments[2]!, segments.slice(3)];
  } else {
    return { type: "discovery", path: `/${segments.join("/")}` };
  }
  if (rest.length === 0) return { type: "discovery", path: `/${segments.join("/")}` };
  // `namespaces/<ns>/<resource>...` is a namespaced resource, unless <resource> is a
  // subresource of the Namespace itself (`namespaces/<ns>/status`).
  if (rest[0] === "namespaces" && rest.length >= 3) {
    const resource = findResource(group, version, rest[2]!);
    if (resource?.namespaced) return target(resource, rest.slice(3), rest[1]);
  }
  const resource = findResource(group, version, rest[0]!);
  if (!resource) return { type: "unknown" };
  return target(resource, rest.slice(1), undefined);
}

function target(resource: Resource, rest: string[], namespace: string | undefined): Route {
  if (rest.length > 2) return { type: "unknown" };
  const [name, subresource] = rest;
  if (subresource && !resource.subresources.some((s) => s.name === subresource)) return { type: "unknown" };
  return { type: "resource", resource, namespace, name, subresource };
}
