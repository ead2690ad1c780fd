// The store contract. LevelDB implements it (level-store.ts); an etcd backend could too.
import type { ApiObject, ObjectRef } from "@skiff/api";

/** A label selector already parsed by @skiff/api: the store only calls `matches`. */
export interface LabelMatcher {
  matches(labels: Record<string, string> | undefined): boolean;
}

export interface ListOptions {
  /** Only this namespace; omit for all namespaces (and for cluster-scoped kinds). */
  namespace?: string;
  selector?: LabelMatcher;
}

export interface ListResult {
  items: ApiObject[];
  /** The store revision the list reflects: watch from here to miss nothing. */
  revision: number;
}

export type WriteOp =
  /**
   * Fails with AlreadyExistsError when the object exists. A resourceVersion on the object is
   * ignored (overwritten by the new revision).
   */
  | { type: "create"; object: ApiObject }
  /**
   * Compare-and-swap: when `object.metadata.resourceVersion` is set it must equal the stored one
   * (else ConflictError); when unset the update is unconditional. NotFoundError when absent.
   */
  | { type: "update"; object: ApiObject }
  /** Like update: `resourceVersion`, when given, must match. NotFoundError when absent. */
  | { type: "delete"; ref: ObjectRef; resourceVersion?: string };

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface WatchEvent {
  /**
   * With a selector, an update that moves an object into the selection arrives as ADDED and one
   * that moves it out as DELETED (carrying the updated object), as in Kubernetes' watch cache.
   */
  type: WatchEventType;
  /**
   * For DELETED: the last stored state, with resourceVersion set to the deleting revision. The
   * same frozen object for every watcher: copy it to change it.
   */
  object: ApiObject;
  revision: number;
  /**
   * True on the last event this watch gets from its commit, false on the others (one commit may
   * write many objects, and they all share its revision). A cache that has applied the last one
   * holds every change of that revision it was to see. Undefined: the store does not say, and
   * each event counts as the last of its revision.
   */
  lastOfRevision?: boolean;
}

export interface WatchOptions {
  /** Only this kind; omit for every kind. */
  kind?: string;
  /** Only these kinds (with `kind`, both must allow it). */
  kinds?: readonly string[];
  namespace?: string;
  selector?: LabelMatcher;
  /**
   * Deliver every change with revision > fromRevision (0 = from the beginning of history).
   * Usually the revision of a list. Older than the history kept -> the iterator throws
   * ExpiredError (re-list and watch again); newer than the store -> it waits.
   */
  fromRevision: number;
  /** Abort to end the watch, also while it waits for the next change. */
  signal?: AbortSignal;
  /**
   * Pods: only those bound to this node (spec.nodeName, now or before the write), as a kubelet's
   * field selector spec.nodeName=<node>; other kinds are not affected. The feed keeps such watches
   * by node, so a pod's commit asks only its node's watch (Kubernetes' watch cache does the same).
   */
  node?: string;
  /**
   * Only the objects this accepts, asked at the source just before each event would be delivered
   * (after the previous one was handled), so a watcher's interest may change as it reads. It is
   * not counted in `lastOfRevision`, which follows kind, namespace and selector alone.
   */
  filter?: (object: ApiObject) => boolean;
}

export interface Store {
  /** The revision of the last committed write (0 for an empty store). */
  revision(): number;
  get(ref: ObjectRef): Promise<ApiObject | undefined>;
  list(kind: string, options?: ListOptions): Promise<ListResult>;
  /**
   * Apply all ops atomically (one LevelDB batch, one new revision shared by every op) or none.
   * Ops apply in order, each seeing the ones before it. Returns the objects as stored
   * (resourceVersion stamped; for a delete, the last state), one per op, in order.
   * An empty list writes nothing and takes no revision.
   */
  commit(ops: WriteOp[]): Promise<ApiObject[]>;
  create(object: ApiObject): Promise<ApiObject>;
  update(object: ApiObject): Promise<ApiObject>;
  delete(ref: ObjectRef, resourceVersion?: string): Promise<ApiObject>;
  /**
   * Changes in revision order, no gap, no duplicate; ends when `signal` aborts or the store
   * closes. A watcher that falls further behind than the history kept gets ExpiredError.
   */
  watch(options: WatchOptions): AsyncIterable<WatchEvent>;
  close(): Promise<void>;
}
