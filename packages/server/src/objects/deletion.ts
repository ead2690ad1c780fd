// Deletion against the store: the thin shell of deletion-plan.ts, shared by the API
// (ObjectService) and by the control loops (the garbage collector, and any controller that
// deletes objects or removes its finalizer).
//
// For controllers, two rules:
//   - to delete an object as the API would (finalizers honoured, a propagation policy, a pod's
//     grace period), call `deleteObject(store, object, { policy, now, gracePeriodSeconds })`
//     rather than `store.delete`: a running pod is then Terminating until its agent has stopped it;
//   - to remove your finalizer, call `removeFinalizer(store, object, name)`, or write through
//     `finalizingStore(store)`: an update that leaves an object being deleted with no finalizer
//     removes it. A plain `store.update` would leave it in the store for ever.
import type { ApiObject, ObjectRef } from "@skiff/api";
import type { Store, WriteOp } from "@skiff/store";
import { completeDeletion, planDelete, type DeleteInputs, type DeleteOutcome } from "./deletion-plan.js";
import { hasGracePeriod } from "./pod-grace.js";

export interface DeleteResult {
  outcome: DeleteOutcome;
  /** For "removed", the last state; for "marked", the object as stored; else as it was. */
  object: ApiObject;
}

/**
 * Delete `existing` as the API server would. ConflictError if it changed since it was read.
 * A pod's node is looked up: a pod whose node is gone has nobody to stop it, and goes at once.
 */
export async function deleteObject(store: Store, existing: ApiObject, inputs: DeleteInputs): Promise<DeleteResult> {
  const nodeName = hasGracePeriod(existing) ? existing.spec.nodeName : undefined;
  const nodeExists = nodeName && inputs.nodeExists === undefined ? (await store.get({ kind: "Node", name: nodeName })) !== undefined : inputs.nodeExists;
  const plan = planDelete(existing, nodeExists === undefined ? inputs : { ...inputs, nodeExists });
  if (!plan.op) return { outcome: plan.outcome, object: existing };
  const [stored] = await store.commit([plan.op]);
  return { outcome: plan.outcome, object: stored ?? existing };
}

/**
 * Write `object` (compare-and-swap when it carries a resourceVersion). If that leaves it being
 * deleted with no finalizer, it is removed instead, and the object is returned as written with
 * the deleting revision.
 */
export async function updateObject(store: Store, object: ApiObject): Promise<ApiObject> {
  const op = completeDeletion({ type: "update", object });
  const [stored] = await store.commit([op]);
  return asWritten(object, op, stored);
}

/** Remove finalizer `name` from `object` (CAS on its resourceVersion); removes the object if it was the last one and it is being deleted. */
export async function removeFinalizer(store: Store, object: ApiObject, name: string): Promise<ApiObject> {
  const finalizers = (object.metadata.finalizers ?? []).filter((f) => f !== name);
  if (finalizers.length === (object.metadata.finalizers ?? []).length) return object;
  const { finalizers: _old, ...rest } = object.metadata;
  return updateObject(store, { ...object, metadata: finalizers.length > 0 ? { ...rest, finalizers } : rest });
}

/** What a client sees after an update op that may have become a delete: what it wrote, at the new revision. */
export function asWritten(object: ApiObject, op: WriteOp, stored: ApiObject | undefined): ApiObject {
  if (!stored) return object;
  if (op.type !== "delete") return stored;
  return { ...object, metadata: { ...object.metadata, resourceVersion: stored.metadata.resourceVersion } };
}

/**
 * The store as controllers should see it: every update (alone or in a commit) follows
 * `completeDeletion`, so removing the last finalizer of an object being deleted removes it.
 * Deletes are passed through as they are (immediate); use `deleteObject` to honour finalizers.
 */
export function finalizingStore(store: Store): Store {
  return {
    revision: () => store.revision(),
    get: (ref: ObjectRef) => store.get(ref),
    list: (kind, options) => store.list(kind, options),
    commit: (ops) => store.commit(ops.map(completeDeletion)),
    create: (object) => store.create(object),
    update: (object) => updateObject(store, object),
    delete: (ref, resourceVersion) => store.delete(ref, resourceVersion),
    watch: (options) => store.watch(options),
    close: () => store.close(),
  };
}
