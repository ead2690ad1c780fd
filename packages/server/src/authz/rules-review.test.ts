// What SelfSubjectRulesReview lists: the rules of every binding that names the user, in the
// namespace asked, cluster-wide ones included; never another namespace's or another user's.
import { describe, expect, it } from "vitest";
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "@skiff/api";
import { listPolicy } from "./authorize.js";
import { answerReview } from "./review.js";
import { Authorizer } from "./authorizer.js";
import { DEFAULT_CLUSTER_ROLES, DEFAULT_CLUSTER_ROLE_BINDINGS } from "./default-roles.js";
import { rulesFor } from "./rules-review.js";

const rb = (name: string, namespace: string, roleKind: "Role" | "ClusterRole", role: string, user: string): RoleBinding => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "RoleBinding",
  metadata: { name, namespace },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: role },
  subjects: [{ kind: "User", name: user }],
});
const deployer: Role = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "Role",
  metadata: { name: "deployer", namespace: "team-a" },
  rules: [{ verbs: ["get", "patch"], apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["web"] }],
};
const withUrls: ClusterRole = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRole",
  metadata: { name: "pods-and-metrics" },
  rules: [{ verbs: ["list"], apiGroups: [""], resources: ["pods"] }, { verbs: ["get"], nonResourceURLs: ["/metrics"] }],
};
const policy = listPolicy({
  roles: [deployer],
  clusterRoles: [...DEFAULT_CLUSTER_ROLES, withUrls],
  clusterRoleBindings: DEFAULT_CLUSTER_ROLE_BINDINGS as ClusterRoleBinding[],
  roleBindings: [
    rb("ci", "team-a", "Role", "deployer", "ci"),
    rb("ci-pods", "team-a", "ClusterRole", "pods-and-metrics", "ci"),
    rb("ci-b", "team-b", "ClusterRole", "view", "ci"),
    rb("gone", "team-c", "Role", "no-such-role", "ci"),
  ],
});
const ci = { name: "ci", groups: ["system:authenticated"] };

describe("rulesFor", () => {
  it("lists the namespace's RoleBindings' rules and the cluster-wide ones (discovery, can-i), resourceNames kept", () => {
    const r = rulesFor(ci, "team-a", policy);
    expect(r.incomplete).toBe(false);
    expect(r.resourceRules).toContainEqual({ verbs: ["get", "patch"], apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["web"] });
    expect(r.resourceRules).toContainEqual({ verbs: ["list"], apiGroups: [""], resources: ["pods"] });
    expect(r.resourceRules).toContainEqual({ verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"] });
    expect(r.nonResourceRules.some((n) => n.nonResourceURLs?.includes("/api"))).toBe(true);
  });

  it("a RoleBinding's ClusterRole grants no non-resource URL (as the authorizer judges)", () => {
    expect(rulesFor(ci, "team-a", policy).nonResourceRules.flatMap((n) => n.nonResourceURLs)).not.toContain("/metrics");
  });

  it("another namespace's bindings do not count", () => {
    const r = rulesFor(ci, "team-b", policy);
    expect(r.resourceRules.some((x) => x.resources?.includes("deployments") && x.resourceNames?.includes("web"))).toBe(false);
    expect(r.resourceRules.some((x) => x.resources?.includes("pods") && x.verbs.includes("list"))).toBe(true); // view
  });

  it("a user with no binding gets only what every signed-in user has", () => {
    const r = rulesFor({ name: "nobody", groups: ["system:authenticated"] }, "team-a", policy);
    expect(r.resourceRules.flatMap((x) => x.resources)).toEqual(["selfsubjectaccessreviews", "selfsubjectrulesreviews"]);
  });

  it("a cluster-admin has everything", () => {
    const r = rulesFor({ name: "skiff:admin", groups: ["system:masters", "system:authenticated"] }, "team-a", policy);
    expect(r.resourceRules).toContainEqual({ verbs: ["*"], apiGroups: ["*"], resources: ["*"] });
    expect(r.nonResourceRules).toContainEqual({ verbs: ["*"], nonResourceURLs: ["*"] });
  });

  it("a binding to a missing role makes the answer incomplete, naming it", () => {
    expect(rulesFor(ci, "team-c", policy)).toMatchObject({ incomplete: true, evaluationError: 'role.rbac.authorization.k8s.io "no-such-role" not found' });
  });
});

describe("SelfSubjectRulesReview", () => {
  const authz = new Authorizer(policy);
  it("answers for the caller in spec.namespace", async () => {
    const answer = await answerReview({ apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectRulesReview", spec: { namespace: "team-a" } }, ci, authz);
    expect(answer.kind).toBe("SelfSubjectRulesReview");
    expect(answer.status?.resourceRules).toContainEqual({ verbs: ["list"], apiGroups: [""], resources: ["pods"] });
  });

  it("needs a namespace, as Kubernetes", async () => {
    await expect(answerReview({ apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectRulesReview", spec: {} }, ci, authz)).rejects.toThrow(/no namespace on request/);
  });
});
