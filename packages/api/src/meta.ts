// The Kubernetes-shaped envelope every skiff object shares.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  /** Absent for cluster-scoped kinds (Namespace, Node). */
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Set by the server: never trusted from a client. */
  uid?: string;
  /** The store revision of the last write to this object, as a decimal string. */
  resourceVersion?: string;
  /** Bumped by the server when the spec changes. */
  generation?: number;
  creationTimestamp?: string;
  /**
   * When the object goes (a pod: the time its grace period ends, as Kubernetes sets it); set by
   * the server's delete, never by a client.
   */
  deletionTimestamp?: string;
  /** A pod being deleted: the seconds its containers were given to stop (0 once it may go). Server-set. */
  deletionGracePeriodSeconds?: number;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  /** Which field manager set which fields (server-side apply); written by the server only. */
  managedFields?: ManagedFieldsEntry[];
}

/** One field manager's claim, in Kubernetes' FieldsV1 form (`{"f:spec":{"f:replicas":{}}}`). */
export interface ManagedFieldsEntry {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time: string;
  fieldsType: "FieldsV1";
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** Any object the API stores: typed kinds in types.ts narrow spec and status. */
export interface ApiObject<Spec = unknown, Status = unknown> {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Spec;
  status?: Status;
  // ConfigMap and Secret keep their payload at the top level, as Kubernetes does.
  [extra: string]: unknown;
}

/** Where an object lives: the store key is derived from this alone. */
export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

export function refOf(obj: ApiObject): ObjectRef {
  return { kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name };
}

/** `Pod default/web` or `Node n1`: how messages name an object. */
export function describeRef(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}
