// The RBAC authorizer, a pure function: a request is allowed when some binding that names the
// user (or one of their groups, or their ServiceAccount) refers to a role with a rule that covers
// it. Kubernetes' rbac.go: ClusterRoleBindings apply everywhere; a namespace's RoleBindings only
// to requests in that namespace; there is no deny rule, so the first match decides.
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject } from "@skiff/api";
import { aggregatedRules } from "./aggregate.js";
import { ruleAllows } from "./rules.js";
import type { Decision, RequestAttributes, UserInfo } from "./types.js";

/** The RBAC objects, as the authorizer reads them (cache.ts keeps them; tests build them from lists). */
export interface RbacPolicy {
  clusterRoleBindings(): Iterable<ClusterRoleBinding>;
  roleBindings(namespace: string): Iterable<RoleBinding>;
  /** A Role's rules, or undefined when there is none. */
  roleRules(namespace: string, name: string): readonly PolicyRule[] | undefined;
  /** A ClusterRole's rules with those it aggregates (aggregate.ts), or undefined when there is none. */
  clusterRoleRules(name: string): readonly PolicyRule[] | undefined;
}

export function authorize(user: UserInfo, a: RequestAttributes, policy: RbacPolicy): Decision {
  const missing: string[] = [];
  for (const b of policy.clusterRoleBindings()) {
    if (!bindingNames(b, user, "")) continue;
    const rules = policy.clusterRoleRules(b.roleRef.name);
    if (!rules) missing.push(`clusterrole.rbac.authorization.k8s.io "${b.roleRef.name}" not found`);
    else if (rules.some((r) => ruleAllows(r, a))) return allowedBy(`ClusterRoleBinding "${b.metadata.name}"`, b, user);
  }
  const namespace = a.resourceRequest ? a.namespace : "";
  if (namespace) {
    for (const b of policy.roleBindings(namespace)) {
      if (!bindingNames(b, user, namespace)) continue;
      const rules = b.roleRef.kind === "Role" ? policy.roleRules(namespace, b.roleRef.name) : policy.clusterRoleRules(b.roleRef.name);
      if (!rules) missing.push(`${b.roleRef.kind.toLowerCase()}.rbac.authorization.k8s.io "${b.roleRef.name}" not found`);
      // A RoleBinding grants resource rules only: a ClusterRole's nonResourceURLs mean nothing in a namespace.
      else if (rules.some((r) => ruleAllows(r, a))) return allowedBy(`RoleBinding "${b.metadata.name}/${namespace}"`, b, user);
    }
  }
  return { allowed: false, reason: missing.length ? `RBAC: ${missing.join(", ")}` : "" };
}

/** Whether a binding's subjects include this user; `namespace` is the binding's own ("" for a ClusterRoleBinding). */
export function bindingNames(b: RoleBinding | ClusterRoleBinding, user: UserInfo, namespace: string): boolean {
  return (b.subjects ?? []).some((s) => subjectIs(s, user, namespace));
}

function subjectIs(s: Subject, user: UserInfo, bindingNamespace: string): boolean {
  if (s.kind === "User") return s.name === user.name;
  if (s.kind === "Group") return user.groups.includes(s.name);
  // A ServiceAccount is the user `system:serviceaccount:<ns>:<name>` (what its token will name).
  const ns = s.namespace || bindingNamespace;
  return ns !== "" && user.name === `system:serviceaccount:${ns}:${s.name}`;
}

function allowedBy(binding: string, b: RoleBinding | ClusterRoleBinding, user: UserInfo): Decision {
  const subject = (b.subjects ?? []).find((s) => subjectIs(s, user, b.metadata.namespace ?? ""))!;
  return { allowed: true, reason: `RBAC: allowed by ${binding} of ${b.roleRef.kind} "${b.roleRef.name}" to ${subject.kind} "${subject.name}"` };
}

/** A policy over plain lists (tests, and one-off checks). O(objects) per question: the cache indexes instead. */
export function listPolicy(o: { roles?: readonly Role[]; clusterRoles?: readonly ClusterRole[]; roleBindings?: readonly RoleBinding[]; clusterRoleBindings?: readonly ClusterRoleBinding[] }): RbacPolicy {
  const clusterRoles = o.clusterRoles ?? [];
  return {
    clusterRoleBindings: () => o.clusterRoleBindings ?? [],
    roleBindings: (ns) => (o.roleBindings ?? []).filter((b) => b.metadata.namespace === ns),
    roleRules: (ns, name) => {
      const role = (o.roles ?? []).find((r) => r.metadata.namespace === ns && r.metadata.name === name);
      return role ? (role.rules ?? []) : undefined;
    },
    clusterRoleRules: (name) => {
      const role = clusterRoles.find((r) => r.metadata.name === name);
      return role ? aggregatedRules(role, clusterRoles) : undefined;
    },
  };
}
