// The authorizer against a reference model written apart from it, on random users, groups,
// requests and RBAC objects: it never allows what the model denies, nor denies what it allows.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject } from "@skiff/api";
import { authorize, listPolicy } from "./authorize.js";
import type { RequestAttributes, UserInfo } from "./types.js";

const USERS = ["alice", "bob", "system:serviceaccount:a:sa"];
const GROUPS = ["devs", "ops", "system:authenticated"];
const VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "impersonate"];
const GROUP_NAMES = ["", "apps", "batch"];
const RESOURCES = ["pods", "deployments", "secrets", "nodes"];
const SUBS = ["", "log", "scale", "status"];
const NAMESPACES = ["", "a", "b"];
const NAMES = ["", "web", "db"];
const ROLE_NAMES = ["r1", "r2", "r3"];
const PATHS = ["/healthz", "/apis/apps", "/metrics"];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const some = <T>(xs: readonly T[], extra: T[] = []) => fc.uniqueArray(pick([...xs, ...extra]), { minLength: 1, maxLength: 3 });

const resourceWord = fc.oneof(pick(RESOURCES), pick(["*", "*/status", "pods/log", "deployments/scale", "deployments/status"]));
const rule: fc.Arbitrary<PolicyRule> = fc.oneof(
  fc.record({
    verbs: some(VERBS, ["*"]),
    apiGroups: some(GROUP_NAMES, ["*"]),
    resources: fc.uniqueArray(resourceWord, { minLength: 1, maxLength: 3 }),
    resourceNames: fc.option(some(NAMES.filter(Boolean)), { nil: undefined }),
  }),
  fc.record({ verbs: some(["get", "post"], ["*"]), nonResourceURLs: some(PATHS, ["*", "/apis/*"]) }),
);
const subject: fc.Arbitrary<Subject> = fc.oneof(
  fc.record({ kind: fc.constant("User" as const), name: pick(USERS) }),
  fc.record({ kind: fc.constant("Group" as const), name: pick(GROUPS) }),
  fc.record({ kind: fc.constant("ServiceAccount" as const), name: pick(["sa", "other"]), namespace: pick(["a", "b"]) }),
);
const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}) });
const policyObjects = fc.record({
  clusterRoles: fc.uniqueArray(fc.record({ name: pick(ROLE_NAMES), rules: fc.array(rule, { maxLength: 3 }) }), { selector: (r) => r.name, maxLength: 3 }),
  roles: fc.uniqueArray(fc.record({ name: pick(ROLE_NAMES), ns: pick(["a", "b"]), rules: fc.array(rule.filter((r) => !r.nonResourceURLs), { maxLength: 3 }) }), { selector: (r) => `${r.ns}/${r.name}`, maxLength: 3 }),
  clusterBindings: fc.array(fc.record({ role: pick(ROLE_NAMES), subjects: fc.array(subject, { maxLength: 3 }) }), { maxLength: 3 }),
  bindings: fc.array(fc.record({ ns: pick(["a", "b"]), kind: pick(["Role", "ClusterRole"] as const), role: pick(ROLE_NAMES), subjects: fc.array(subject, { maxLength: 3 }) }), { maxLength: 4 }),
});
const user: fc.Arbitrary<UserInfo> = fc.record({ name: pick(USERS), groups: fc.uniqueArray(pick(GROUPS), { maxLength: 3 }) });
const request: fc.Arbitrary<RequestAttributes> = fc.oneof(
  fc.record({ resourceRequest: fc.constant(true as const), verb: pick(VERBS), apiGroup: pick(GROUP_NAMES), resource: pick(RESOURCES), subresource: pick(SUBS), namespace: pick(NAMESPACES), name: pick(NAMES) }),
  fc.record({ resourceRequest: fc.constant(false as const), verb: pick(["get", "post"]), path: pick(PATHS) }),
);

type Objects = { clusterRoles: { name: string; rules: PolicyRule[] }[]; roles: { name: string; ns: string; rules: PolicyRule[] }[]; clusterBindings: { role: string; subjects: Subject[] }[]; bindings: { ns: string; kind: "Role" | "ClusterRole"; role: string; subjects: Subject[] }[] };

// --- The reference model: the RBAC rules read from Kubernetes' documentation, with nothing shared with authorize.ts. ---
function modelAllows(o: Objects, u: UserInfo, r: RequestAttributes): boolean {
  const isSubject = (s: Subject, bindingNs: string) =>
    (s.kind === "User" && s.name === u.name) ||
    (s.kind === "Group" && u.groups.includes(s.name)) ||
    (s.kind === "ServiceAccount" && `system:serviceaccount:${s.namespace ?? bindingNs}:${s.name}` === u.name);
  const covers = (p: PolicyRule): boolean => {
    if (!(p.verbs.includes("*") || p.verbs.includes(r.verb))) return false;
    if (!r.resourceRequest) return (p.nonResourceURLs ?? []).some((url) => url === "*" || url === r.path || (url.endsWith("/*") && r.path.startsWith(url.slice(0, -1))));
    if (!(p.apiGroups ?? []).some((g) => g === "*" || g === r.apiGroup)) return false;
    const wanted = r.subresource === "" ? r.resource : `${r.resource}/${r.subresource}`;
    const resOk = (p.resources ?? []).some((x) => x === "*" || x === wanted || (r.subresource !== "" && x === `*/${r.subresource}`));
    if (!resOk) return false;
    return !p.resourceNames || p.resourceNames.length === 0 || p.resourceNames.includes(r.name);
  };
  const clusterRules = (name: string) => o.clusterRoles.find((c) => c.name === name)?.rules ?? [];
  for (const b of o.clusterBindings) if (b.subjects.some((s) => isSubject(s, "")) && clusterRules(b.role).some(covers)) return true;
  if (!r.resourceRequest || r.namespace === "") return false;
  for (const b of o.bindings) {
    if (b.ns !== r.namespace || !b.subjects.some((s) => isSubject(s, b.ns))) continue;
    const rules = b.kind === "Role" ? (o.roles.find((x) => x.ns === b.ns && x.name === b.role)?.rules ?? []) : clusterRules(b.role);
    if (rules.some(covers)) return true;
  }
  return false;
}

function toObjects(o: Objects) {
  const ref = (kind: "Role" | "ClusterRole", name: string) => ({ apiGroup: "rbac.authorization.k8s.io", kind, name });
  return {
    clusterRoles: o.clusterRoles.map((c): ClusterRole => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: meta(c.name), rules: c.rules })),
    roles: o.roles.map((r): Role => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: meta(r.name, r.ns), rules: r.rules })),
    clusterRoleBindings: o.clusterBindings.map((b, i): ClusterRoleBinding => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: meta(`crb${i}`), roleRef: ref("ClusterRole", b.role), subjects: b.subjects })),
    roleBindings: o.bindings.map((b, i): RoleBinding => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: meta(`rb${i}`, b.ns), roleRef: ref(b.kind, b.role), subjects: b.subjects })),
  };
}

describe("the authorizer, against a reference model", () => {
  it("allows exactly what the model allows", () => {
    fc.assert(
      fc.property(policyObjects, user, request, (o, u, r) => {
        const decision = authorize(u, r, listPolicy(toObjects(o as Objects)));
        expect(decision.allowed).toBe(modelAllows(o as Objects, u, r));
      }),
      { numRuns: 3000 },
    );
  });

  it("never lets a request through with no bindings at all", () => {
    fc.assert(
      fc.property(policyObjects, user, request, (o, u, r) => {
        const objects = toObjects(o as Objects);
        expect(authorize(u, r, listPolicy({ ...objects, clusterRoleBindings: [], roleBindings: [] })).allowed).toBe(false);
      }),
    );
  });
});
