// The words of authorization: who asks (a user and their groups), what they ask (Kubernetes'
// request attributes), and the answer with its reason.

/** Who a request is from, as the authenticator found it (a token's user, or a ServiceAccount later). */
export interface UserInfo {
  /** `alice`, `skiff:admin`, or `system:serviceaccount:<ns>:<name>` for a ServiceAccount. */
  name: string;
  /** Always includes `system:authenticated`. */
  groups: string[];
}

/** What is asked, as Kubernetes' authorizer.Attributes: a resource request, or a non-resource path. */
export type RequestAttributes = ResourceAttributes | NonResourceAttributes;

export interface ResourceAttributes {
  resourceRequest: true;
  /** get, list, watch, create, update, patch, delete, deletecollection, impersonate, ... */
  verb: string;
  /** "" for the core group. */
  apiGroup: string;
  /** Plural: `pods`, `deployments`. */
  resource: string;
  /** `log`, `exec`, `scale`, `status`, `eviction`; "" for none. */
  subresource: string;
  /** "" for a cluster-scoped resource or a request across all namespaces. */
  namespace: string;
  /** "" for a collection (list, watch, create, deletecollection). */
  name: string;
  /** The name of the object a create makes, when known: for the audit log only (a create is authorised on the collection). */
  objectName?: string;
}

export interface NonResourceAttributes {
  resourceRequest: false;
  verb: string;
  /** `/healthz`, `/apis/apps/v1`. */
  path: string;
}

export interface Decision {
  allowed: boolean;
  /** Allowed: which binding and role allowed it. Denied: "" (no rule matched) or what could not be read. */
  reason: string;
}

export const AUTHENTICATED_GROUP = "system:authenticated";
/** Kubernetes' super-user group: bound to cluster-admin by a default ClusterRoleBinding. */
export const MASTERS_GROUP = "system:masters";
