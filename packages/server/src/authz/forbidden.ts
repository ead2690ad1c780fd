// A refusal in Kubernetes' words (apiserver responsewriters.forbiddenMessage and
// apimachinery errors.NewForbidden), so that kubectl prints what it prints for a real cluster:
//   Error from server (Forbidden): deployments.apps "web" is forbidden: User "alice" cannot delete
//   resource "deployments" in API group "apps" in the namespace "team-b"
import { PermissionDeniedError } from "@skiff/api";
import type { Decision, RequestAttributes } from "./types.js";

export function forbiddenMessage(user: string, a: RequestAttributes, reason = ""): string {
  const why = reason ? `: ${reason}` : "";
  if (!a.resourceRequest) return `forbidden: User "${user}" cannot ${a.verb} path "${a.path}"${why}`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : "at the cluster scope";
  const what = `User "${user}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" ${scope}`;
  const qualified = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
  return `${qualified}${a.name ? ` "${a.name}"` : ""} is forbidden: ${what}${why}`;
}

/** A named error the edges map to 403 Forbidden (REST) and PERMISSION_DENIED (gRPC). */
export class ForbiddenError extends PermissionDeniedError {
  constructor(
    readonly user: string,
    readonly attributes: RequestAttributes,
    decision: Decision,
  ) {
    // A denial's reason is only worth saying when a binding pointed at a missing role.
    super(forbiddenMessage(user, attributes, decision.reason));
  }
}
