// The SelfSubjectAccessReview for `auth can-i`: the resource as the user typed it (`deploy`,
// `deployments.apps`, `pods/log`, `*`) resolved to its plural and group, or a path.
import { kindInfo, lookupKind } from "@skiff/api";
import { UsageError } from "../../errors.js";

export function reviewFor(verb: string, resource: string, name: string, namespace: string): object {
  const spec = resource.startsWith("/")
    ? { nonResourceAttributes: { path: resource, verb } }
    : { resourceAttributes: resourceAttributes(verb, resource, name, namespace) };
  return { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", metadata: {}, spec };
}

function resourceAttributes(verb: string, typed: string, name: string, namespace: string) {
  const [base = "", subresource = ""] = typed.split("/");
  if (base === "*") return { verb, resource: "*", group: "", subresource, namespace, name };
  const dot = base.indexOf(".");
  const k = kindInfo(base) ?? lookupKind(base);
  if (!k) {
    // A resource skiff does not serve (a CRD's, say): asked as typed, `plural.group`.
    if (dot < 0) throw new UsageError(`the server doesn't have a resource type "${base}"`);
    return { verb, resource: base.slice(0, dot), group: base.slice(dot + 1), subresource, namespace, name };
  }
  const group = k.apiVersion.includes("/") ? k.apiVersion.split("/")[0]! : "";
  // A cluster-scoped resource has no namespace: a RoleBinding cannot grant it.
  return { verb, resource: k.plural, group, subresource, namespace: k.namespaced ? namespace : "", name };
}
