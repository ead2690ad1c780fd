// The ClusterRoles and ClusterRoleBindings a server makes at start when they are missing, as
// Kubernetes' bootstrap policy (plugin/pkg/auth/authorizer/rbac/bootstrappolicy) for the
// resources skiff serves. admin, edit and view hold no rules of their own: they aggregate the
// system:aggregate-to-* roles, so a user's role labelled aggregate-to-view extends all three.
// view reads no Secrets (and nothing that could reveal them: pods/exec); edit changes no Roles
// or bindings (that would let it grant itself more); admin does both, in a namespace.
import type { ClusterRole, ClusterRoleBinding, PolicyRule } from "@skiff/api";
import { AUTHENTICATED_GROUP, MASTERS_GROUP } from "./types.js";

/** The user of the admin token and of every token made before users existed (docs/security.md). */
export const ADMIN_USER = "skiff:admin";

const READ = ["get", "list", "watch"];
const WRITE = ["create", "delete", "deletecollection", "patch", "update"];
const rule = (verbs: string[], apiGroups: string[], resources: string[]): PolicyRule => ({ verbs, apiGroups, resources });
const AGGREGATE = "rbac.authorization.k8s.io/aggregate-to-";
const BOOTSTRAP = { "kubernetes.io/bootstrapping": "rbac-defaults" };

function clusterRole(name: string, rules: PolicyRule[], extra: Partial<ClusterRole> = {}, labels: Record<string, string> = {}): ClusterRole {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name, labels: { ...BOOTSTRAP, ...labels }, annotations: { "rbac.authorization.kubernetes.io/autoupdate": "true" } },
    rules,
    ...extra,
  };
}

const aggregates = (to: string) => ({ aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`${AGGREGATE}${to}`]: "true" } }] }, rules: [] });

export const DEFAULT_CLUSTER_ROLES: readonly ClusterRole[] = [
  clusterRole("cluster-admin", [rule(["*"], ["*"], ["*"]), { verbs: ["*"], nonResourceURLs: ["*"] }]),
  clusterRole("admin", [], aggregates("admin")),
  clusterRole("edit", [], aggregates("edit"), { [`${AGGREGATE}admin`]: "true" }),
  clusterRole("view", [], aggregates("view"), { [`${AGGREGATE}edit`]: "true" }),
  clusterRole("system:aggregate-to-admin", [
    rule([...READ, ...WRITE], ["rbac.authorization.k8s.io"], ["roles", "rolebindings"]),
    rule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]),
  ], {}, { [`${AGGREGATE}admin`]: "true" }),
  clusterRole("system:aggregate-to-edit", [
    rule(READ, [""], ["pods/attach", "pods/proxy", "pods/exec", "pods/portforward", "secrets", "services/proxy"]),
    rule(["impersonate"], [""], ["serviceaccounts"]),
    rule(WRITE, [""], ["pods", "pods/attach", "pods/proxy", "pods/exec", "pods/portforward"]),
    rule(["create"], [""], ["pods/eviction"]),
    rule(WRITE, [""], ["replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/proxy", "persistentvolumeclaims", "configmaps", "secrets", "events"]),
    rule(WRITE, ["apps"], ["statefulsets", "statefulsets/scale", "daemonsets", "deployments", "deployments/scale", "deployments/rollback", "replicasets", "replicasets/scale"]),
    rule(WRITE, ["batch"], ["jobs", "cronjobs"]),
    rule(WRITE, ["policy"], ["poddisruptionbudgets"]),
  ], {}, { [`${AGGREGATE}edit`]: "true" }),
  clusterRole("system:aggregate-to-view", [
    rule(READ, [""], ["pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "configmaps"]),
    rule(READ, [""], ["limitranges", "resourcequotas", "bindings", "events", "pods/status", "resourcequotas/status", "namespaces/status", "replicationcontrollers/status", "pods/log"]),
    rule(READ, [""], ["namespaces"]),
    rule(READ, ["apps"], ["controllerrevisions", "statefulsets", "statefulsets/status", "statefulsets/scale", "daemonsets", "daemonsets/status", "deployments", "deployments/status", "deployments/scale", "replicasets", "replicasets/status", "replicasets/scale"]),
    rule(READ, ["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
    rule(READ, ["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
  ], {}, { [`${AGGREGATE}view`]: "true" }),
  // What metrics-server installs beside metrics.k8s.io, which skiff serves itself: `kubectl top`
  // (and the dashboard's usage bars) for whoever may view.
  clusterRole("system:aggregated-metrics-reader", [rule(READ, ["metrics.k8s.io"], ["pods", "nodes"])], {}, {
    [`${AGGREGATE}view`]: "true",
    [`${AGGREGATE}edit`]: "true",
    [`${AGGREGATE}admin`]: "true",
  }),
  // Every signed-in user may discover the API and ask what they may do.
  clusterRole("system:discovery", [{ verbs: ["get"], nonResourceURLs: ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/readyz", "/openapi", "/openapi/*", "/version", "/version/"] }]),
  clusterRole("system:basic-user", [rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"])]),
];

function binding(name: string, role: string, subject: { kind: "User" | "Group"; name: string }): ClusterRoleBinding {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name, labels: { ...BOOTSTRAP }, annotations: { "rbac.authorization.kubernetes.io/autoupdate": "true" } },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", ...subject }],
  };
}

export const DEFAULT_CLUSTER_ROLE_BINDINGS: readonly ClusterRoleBinding[] = [
  binding("cluster-admin", "cluster-admin", { kind: "Group", name: MASTERS_GROUP }),
  binding(ADMIN_USER, "cluster-admin", { kind: "User", name: ADMIN_USER }),
  binding("system:discovery", "system:discovery", { kind: "Group", name: AUTHENTICATED_GROUP }),
  binding("system:basic-user", "system:basic-user", { kind: "Group", name: AUTHENTICATED_GROUP }),
];
