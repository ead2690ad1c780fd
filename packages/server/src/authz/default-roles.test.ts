// The default roles mean what Kubernetes' do: view reads but never Secrets; edit writes workloads
// and Secrets but not Roles or bindings; admin does that too; cluster-admin anything, anywhere.
import { describe, expect, it } from "vitest";
import type { RoleBinding } from "@skiff/api";
import { authorize, listPolicy } from "./authorize.js";
import { DEFAULT_CLUSTER_ROLES, DEFAULT_CLUSTER_ROLE_BINDINGS } from "./default-roles.js";
import { forbiddenMessage } from "./forbidden.js";
import type { ResourceAttributes } from "./types.js";

const bound = (role: string): RoleBinding => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "RoleBinding",
  metadata: { name: `alice-${role}`, namespace: "team-a" },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
  subjects: [{ kind: "User", name: "alice" }],
});
const alice = { name: "alice", groups: ["system:authenticated"] };
const ask = (verb: string, resource: string, o: Partial<ResourceAttributes> = {}): ResourceAttributes => ({ resourceRequest: true, verb, resource, apiGroup: "", subresource: "", namespace: "team-a", name: "", ...o });
const may = (role: string, a: ResourceAttributes) =>
  authorize(alice, a, listPolicy({ clusterRoles: DEFAULT_CLUSTER_ROLES, clusterRoleBindings: DEFAULT_CLUSTER_ROLE_BINDINGS, roleBindings: [bound(role)] })).allowed;

describe("default roles", () => {
  it.each([
    ["view", ask("list", "pods"), true],
    ["view", ask("get", "pods", { subresource: "log", name: "p" }), true],
    ["view", ask("get", "secrets", { name: "s" }), false],
    ["view", ask("create", "pods", { subresource: "exec", name: "p" }), false],
    ["view", ask("update", "deployments", { apiGroup: "apps", name: "w" }), false],
    ["view", ask("list", "pods", { apiGroup: "metrics.k8s.io" }), true],
    ["edit", ask("get", "pods", { apiGroup: "metrics.k8s.io", name: "p" }), true],
    ["edit", ask("create", "deployments", { apiGroup: "apps" }), true],
    ["edit", ask("patch", "deployments", { apiGroup: "apps", subresource: "scale", name: "w" }), true],
    ["edit", ask("get", "secrets", { name: "s" }), true],
    ["edit", ask("create", "pods", { subresource: "eviction", name: "p" }), true],
    ["edit", ask("create", "rolebindings", { apiGroup: "rbac.authorization.k8s.io" }), false],
    ["edit", ask("list", "roles", { apiGroup: "rbac.authorization.k8s.io" }), false],
    ["edit", ask("create", "deployments", { apiGroup: "apps", namespace: "team-b" }), false],
    ["edit", ask("list", "nodes", { namespace: "" }), false],
    ["admin", ask("create", "rolebindings", { apiGroup: "rbac.authorization.k8s.io" }), true],
    ["admin", ask("list", "pods"), true],
    ["admin", ask("delete", "namespaces", { name: "team-a" }), false],
  ])("%s: %j is %s", (role, a, allowed) => {
    expect(may(role, a)).toBe(allowed);
  });

  it("the admin token's user and system:masters are cluster-admins; every signed-in user may discover the API", () => {
    const policy = listPolicy({ clusterRoles: DEFAULT_CLUSTER_ROLES, clusterRoleBindings: DEFAULT_CLUSTER_ROLE_BINDINGS });
    expect(authorize({ name: "skiff:admin", groups: [] }, ask("delete", "nodes", { namespace: "" }), policy).allowed).toBe(true);
    expect(authorize({ name: "x", groups: ["system:masters"] }, { resourceRequest: false, verb: "get", path: "/metrics" }, policy).allowed).toBe(true);
    expect(authorize(alice, { resourceRequest: false, verb: "get", path: "/apis/apps/v1" }, policy).allowed).toBe(true);
    expect(authorize(alice, { resourceRequest: false, verb: "get", path: "/metrics" }, policy).allowed).toBe(false);
  });
});

describe("forbidden messages, in Kubernetes' words", () => {
  it.each([
    [ask("delete", "pods", { name: "web" }), 'pods "web" is forbidden: User "alice" cannot delete resource "pods" in API group "" in the namespace "team-a"'],
    [ask("list", "deployments", { apiGroup: "apps", namespace: "team-b" }), 'deployments.apps is forbidden: User "alice" cannot list resource "deployments" in API group "apps" in the namespace "team-b"'],
    [ask("list", "nodes", { namespace: "" }), 'nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope'],
    [ask("create", "pods", { subresource: "exec", name: "p" }), 'pods "p" is forbidden: User "alice" cannot create resource "pods/exec" in API group "" in the namespace "team-a"'],
    [{ resourceRequest: false as const, verb: "get", path: "/metrics" }, 'forbidden: User "alice" cannot get path "/metrics"'],
  ])("%j", (a, message) => {
    expect(forbiddenMessage("alice", a)).toBe(message);
  });
});
