// Role, ClusterRole, RoleBinding, ClusterRoleBinding (rbac.authorization.k8s.io/v1), with
// Kubernetes' rules: a rule needs verbs; a namespaced Role names no nonResourceURLs; a binding's
// roleRef names a Role or a ClusterRole of the RBAC group, and a ServiceAccount subject its namespace.
import { z } from "zod";
import { issue, kobject, named, str, strList } from "./fields.js";
import { labelSelector, objectMeta } from "./meta.js";

const RBAC_GROUP = "rbac.authorization.k8s.io";
const required = (s: string) => (s === "" ? "required" : undefined);

function policyRule(namespaced: boolean) {
  return kobject(
    "PolicyRule",
    {
      verbs: strList(),
      apiGroups: strList().optional(),
      resources: strList().optional(),
      resourceNames: strList().optional(),
      nonResourceURLs: strList().optional(),
    },
    (r, ctx) => {
      if (Array.isArray(r.verbs) && r.verbs.length === 0) issue(ctx, ["verbs"], "verbs must contain at least one value");
      const urls = Array.isArray(r.nonResourceURLs) && r.nonResourceURLs.length > 0;
      const resources = Array.isArray(r.resources) && r.resources.length > 0;
      if (urls && namespaced) issue(ctx, ["nonResourceURLs"], "namespaced rules cannot apply to non-resource URLs");
      if (urls && resources) issue(ctx, ["nonResourceURLs"], "rules cannot apply to both regular resources and non-resource URLs");
      if (!urls && !resources) issue(ctx, ["resources"], "resource rules must supply at least one resource, or nonResourceURLs");
      if (resources && !Array.isArray(r.apiGroups)) issue(ctx, ["apiGroups"], "resource rules must supply at least one api group");
    },
  );
}

const subject = kobject(
  "Subject",
  {
    kind: z.enum(["User", "Group", "ServiceAccount"]),
    name: named(required),
    namespace: str().optional(),
    apiGroup: str().optional(),
  },
  (s, ctx) => {
    if (s.kind === "ServiceAccount" && !s.namespace) issue(ctx, ["namespace"], "required for a ServiceAccount subject");
  },
);

const roleRef = kobject(
  "RoleRef",
  { apiGroup: str(), kind: z.enum(["Role", "ClusterRole"]), name: named(required) },
  (r, ctx) => {
    if (r.apiGroup !== RBAC_GROUP) issue(ctx, ["apiGroup"], `supported values: "${RBAC_GROUP}"`);
  },
);

export const role = kobject("Role", {
  apiVersion: z.unknown(),
  kind: z.unknown(),
  metadata: objectMeta("Role", "path", true),
  rules: z.array(policyRule(true)).optional(),
});

export const clusterRole = kobject("ClusterRole", {
  apiVersion: z.unknown(),
  kind: z.unknown(),
  metadata: objectMeta("ClusterRole", "path", false),
  rules: z.array(policyRule(false)).optional(),
  aggregationRule: kobject("AggregationRule", { clusterRoleSelectors: z.array(labelSelector).optional() }).optional(),
});

const binding = (kind: string, namespaced: boolean) =>
  kobject(
    kind,
    {
      apiVersion: z.unknown(),
      kind: z.unknown(),
      metadata: objectMeta(kind, "path", namespaced),
      subjects: z.array(subject).optional(),
      roleRef,
    },
    (b, ctx) => {
      const ref = b.roleRef as { kind?: unknown } | undefined;
      if (!namespaced && ref?.kind === "Role") issue(ctx, ["roleRef", "kind"], 'supported values: "ClusterRole"');
    },
  );

export const roleBinding = binding("RoleBinding", true);
export const clusterRoleBinding = binding("ClusterRoleBinding", false);
