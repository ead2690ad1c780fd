// Deciding a commit, apart from writing it: given the ops and the current state of the keys they
// touch, either refuse (the first op that cannot apply throws, so nothing is written) or return
// exactly what to write and which events the commit produces. Pure, so it is easy to test.
import { AlreadyExistsError, ConflictError, NotFoundError, describeRef, refOf, type ApiObject, type ObjectRef } from "@skiff/api";
import type { Change, StoredEvent } from "./history.js";
import { storeKey } from "./keys.js";
import { movedFrom } from "./pod-node.js";
import type { WriteOp } from "./types.js";

export interface CommitPlan {
  /** Final state per key: an object to put, or undefined to delete. */
  writes: Map<string, ApiObject | undefined>;
  /** One per op, in order: the object as stored (for a delete, its last state). */
  results: ApiObject[];
  change: Change;
}

/** The key an op touches. Throws ValidationError for a malformed name. */
export function opKey(op: WriteOp): string {
  return storeKey(op.type === "delete" ? op.ref : refOf(op.object));
}

/**
 * @param current the stored object for every key the ops touch (undefined when absent).
 * @param revision the revision this commit will get; every written object is stamped with it.
 */
export function planCommit(ops: WriteOp[], current: ReadonlyMap<string, ApiObject | undefined>, revision: number): CommitPlan {
  const rv = String(revision);
  // Later ops see the effect of earlier ones in the same commit (create then update works): they
  // read this commit's writes first. No copy of `current`: a group plans hundreds of commits on it.
  const writes = new Map<string, ApiObject | undefined>();
  const results: ApiObject[] = [];
  const events: StoredEvent[] = [];

  for (const op of ops) {
    const key = opKey(op);
    const stored = writes.has(key) ? writes.get(key) : current.get(key);
    let event: StoredEvent;
    if (op.type === "create") {
      if (stored) throw new AlreadyExistsError(`${describeRef(refOf(op.object))} already exists`);
      event = { type: "ADDED", object: stamp(op.object, rv) };
    } else if (op.type === "update") {
      const ref = refOf(op.object);
      const existing = mustExist(stored, ref);
      checkVersion(ref, op.object.metadata.resourceVersion, existing);
      event = { type: "MODIFIED", object: stamp(op.object, rv), prevLabels: existing.metadata.labels, ...movedFrom(existing, op.object) };
    } else {
      const existing = mustExist(stored, op.ref);
      checkVersion(op.ref, op.resourceVersion, existing);
      event = { type: "DELETED", object: stamp(existing, rv) };
    }
    const next = event.type === "DELETED" ? undefined : event.object;
    writes.set(key, next);
    results.push(event.object);
    events.push(event);
  }
  return { writes, results, change: { revision, events } };
}

function mustExist(stored: ApiObject | undefined, ref: ObjectRef): ApiObject {
  if (!stored) throw new NotFoundError(`${describeRef(ref)} not found`);
  return stored;
}

/** Compare-and-swap: a caller that names a version must have read the latest one. */
function checkVersion(ref: ObjectRef, expected: string | undefined, stored: ApiObject): void {
  if (expected === undefined || expected === "") return;
  const actual = stored.metadata.resourceVersion;
  if (expected !== actual) {
    throw new ConflictError(
      `${describeRef(ref)} was modified: you have resourceVersion ${expected}, the store has ${actual}; read it again and retry`,
    );
  }
}

/** A private copy of `object` carrying the new resourceVersion; the caller's object is untouched. */
function stamp(object: ApiObject, resourceVersion: string): ApiObject {
  const copy = structuredClone(object) as ApiObject;
  copy.metadata.resourceVersion = resourceVersion;
  return copy;
}

