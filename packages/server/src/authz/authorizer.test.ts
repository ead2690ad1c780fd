// Impersonation and access reviews, on the default roles plus one binding.
import { describe, expect, it } from "vitest";
import type { ClusterRoleBinding, RoleBinding } from "@skiff/api";
import { listPolicy } from "./authorize.js";
import { Authorizer } from "./authorizer.js";
import { DEFAULT_CLUSTER_ROLES, DEFAULT_CLUSTER_ROLE_BINDINGS } from "./default-roles.js";
import { ForbiddenError } from "./forbidden.js";
import { answerReview } from "./review.js";

const aliceEdit: RoleBinding = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "RoleBinding",
  metadata: { name: "alice-edit", namespace: "team-a" },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
  subjects: [{ kind: "User", name: "alice" }],
};
const authz = new Authorizer(listPolicy({ clusterRoles: DEFAULT_CLUSTER_ROLES, clusterRoleBindings: DEFAULT_CLUSTER_ROLE_BINDINGS as ClusterRoleBinding[], roleBindings: [aliceEdit] }));
const admin = { name: "skiff:admin", groups: ["system:masters", "system:authenticated"] };
const alice = { name: "alice", groups: ["system:authenticated"] };
const ssar = (verb: string, resource: string, namespace: string, group = "") => ({ apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { verb, resource, namespace, group } } });

describe("impersonation", () => {
  it("an admin may act as alice, and is then judged as alice", async () => {
    const as = await authz.actingAs(admin, { user: "alice", groups: [] });
    expect(as).toEqual({ name: "alice", groups: ["system:authenticated"] });
    expect((await answerReview(ssar("delete", "pods", "team-b"), as, authz)).status?.allowed).toBe(false);
  });

  it("alice may not act as bob, in Kubernetes' words", async () => {
    await expect(authz.actingAs(alice, { user: "bob", groups: [] })).rejects.toThrow(ForbiddenError);
    await expect(authz.actingAs(alice, { user: "bob", groups: [] })).rejects.toThrow('users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope');
  });
});

describe("access reviews", () => {
  it("a SelfSubjectAccessReview answers for the caller, with the binding that allowed it", async () => {
    const yes = await answerReview(ssar("create", "deployments", "team-a", "apps"), alice, authz);
    expect(yes.status).toEqual({ allowed: true, reason: 'RBAC: allowed by RoleBinding "alice-edit/team-a" of ClusterRole "edit" to User "alice"' });
    expect((await answerReview(ssar("create", "deployments", "team-b", "apps"), alice, authz)).status).toEqual({ allowed: false });
  });

  it("a SubjectAccessReview needs the right to ask about others", async () => {
    const sar = { apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", spec: { user: "alice", resourceAttributes: { verb: "list", resource: "pods", namespace: "team-a" } } };
    expect((await answerReview(sar, admin, authz)).status?.allowed).toBe(true);
    await expect(answerReview(sar, alice, authz)).rejects.toThrow(/cannot create resource "subjectaccessreviews"/);
  });
});
