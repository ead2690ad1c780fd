// Role-based access control (rbac.authorization.k8s.io/v1), shaped as Kubernetes' JSON: rules say
// what may be done; bindings say who may do it. docs/security.md tells the whole story.
import type { ApiObject } from "../meta.js";
import type { LabelSelector } from "./common.js";

export interface PolicyRule {
  /** get, list, watch, create, update, patch, delete, deletecollection, impersonate, ...; `*` is every verb. */
  verbs: string[];
  /** API groups ("" is the core group); `*` is every group. */
  apiGroups?: string[];
  /** Plural resources, `pods/log` for a subresource, `*` every resource, `*\/status` a subresource of every resource. */
  resources?: string[];
  /** Object names the rule is limited to; empty: any. */
  resourceNames?: string[];
  /** Paths outside the resources (`/healthz`, `/apis/*`); only in ClusterRoles. */
  nonResourceURLs?: string[];
}

export interface AggregationRule {
  /** ClusterRoles whose labels match any of these give their rules to this one. */
  clusterRoleSelectors?: LabelSelector[];
}

export interface Role extends ApiObject {
  apiVersion: "rbac.authorization.k8s.io/v1";
  kind: "Role";
  rules?: PolicyRule[];
}

export interface ClusterRole extends ApiObject {
  apiVersion: "rbac.authorization.k8s.io/v1";
  kind: "ClusterRole";
  rules?: PolicyRule[];
  aggregationRule?: AggregationRule;
}

export interface Subject {
  /** User, Group or ServiceAccount. */
  kind: "User" | "Group" | "ServiceAccount";
  name: string;
  /** The ServiceAccount's namespace. */
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: "Role" | "ClusterRole";
  name: string;
}

export interface RoleBinding extends ApiObject {
  apiVersion: "rbac.authorization.k8s.io/v1";
  kind: "RoleBinding";
  subjects?: Subject[];
  roleRef: RoleRef;
}

export interface ClusterRoleBinding extends ApiObject {
  apiVersion: "rbac.authorization.k8s.io/v1";
  kind: "ClusterRoleBinding";
  subjects?: Subject[];
  roleRef: RoleRef;
}
