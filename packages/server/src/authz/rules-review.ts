// SelfSubjectRulesReview (authorization.k8s.io/v1): every rule the caller holds in a namespace,
// for `kubectl auth can-i --list` and `skiff auth can-i --list`. Kubernetes' RulesFor: the rules of
// the roles of every ClusterRoleBinding and of every RoleBinding in the namespace that names the
// user, split into resource and non-resource rules. A RoleBinding grants resource rules only (as
// authorize.ts judges), so its role's nonResourceURLs are not listed. A role that cannot be found
// makes the answer `incomplete`, with the reason in `evaluationError`.
import type { PolicyRule } from "@skiff/api";
import { bindingNames, type RbacPolicy } from "./authorize.js";
import type { UserInfo } from "./types.js";

export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

export interface SubjectRulesReviewStatus {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete: boolean;
  evaluationError?: string;
}

/** Every rule `user` holds in `namespace` (cluster-wide ones included). */
export function rulesFor(user: UserInfo, namespace: string, policy: RbacPolicy): SubjectRulesReviewStatus {
  const out: SubjectRulesReviewStatus = { resourceRules: [], nonResourceRules: [], incomplete: false };
  const missing: string[] = [];
  const add = (rules: readonly PolicyRule[], nonResource: boolean) => {
    for (const r of rules) {
      if (r.resources?.length) out.resourceRules.push(resourceRule(r));
      if (nonResource && r.nonResourceURLs?.length) out.nonResourceRules.push({ verbs: [...r.verbs], nonResourceURLs: [...r.nonResourceURLs] });
    }
  };
  for (const b of policy.clusterRoleBindings()) {
    if (!bindingNames(b, user, "")) continue;
    const rules = policy.clusterRoleRules(b.roleRef.name);
    if (rules) add(rules, true);
    else missing.push(`clusterrole.rbac.authorization.k8s.io "${b.roleRef.name}" not found`);
  }
  if (namespace) {
    for (const b of policy.roleBindings(namespace)) {
      if (!bindingNames(b, user, namespace)) continue;
      const rules = b.roleRef.kind === "Role" ? policy.roleRules(namespace, b.roleRef.name) : policy.clusterRoleRules(b.roleRef.name);
      if (rules) add(rules, false);
      else missing.push(`${b.roleRef.kind.toLowerCase()}.rbac.authorization.k8s.io "${b.roleRef.name}" not found`);
    }
  }
  if (missing.length) Object.assign(out, { incomplete: true, evaluationError: missing.join(", ") });
  return out;
}

function resourceRule(r: PolicyRule): ResourceRule {
  return {
    verbs: [...r.verbs],
    apiGroups: [...(r.apiGroups ?? [])],
    resources: [...(r.resources ?? [])],
    ...(r.resourceNames?.length ? { resourceNames: [...r.resourceNames] } : {}),
  };
}

/** What an insecure server (no RBAC) answers: everything. */
export const ALL_RULES: SubjectRulesReviewStatus = {
  resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
  nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
  incomplete: false,
};
