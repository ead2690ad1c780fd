// Which objects an owner controls, by selector and owner reference (Kubernetes'
// ControllerRefManager). Pure. Used by the ReplicaSet for its pods and the Deployment for its
// ReplicaSets.
//
//   has our controllerRef, matches      -> ours
//   has our controllerRef, no match     -> release (remove our reference; someone else may adopt it)
//   no controllerRef, matches           -> adopt (add our controllerRef), unless we are being deleted
//   someone else's controllerRef        -> not ours, never touched
import type { ApiObject } from "@skiff/api";
import { controllerOf, controllerRef } from "../owners.js";

export interface Claim<T extends ApiObject> {
  /** Ours after the claim: those we already had that still match, and the adopted. */
  owned: T[];
  /** Orphans that match, with our controllerRef added (to write, compare-and-swap). */
  adopt: T[];
  /** Ours that no longer match, with our reference removed (to write). */
  release: T[];
}

export function claim<T extends ApiObject>(owner: ApiObject, objects: readonly T[], matches: (o: T) => boolean): Claim<T> {
  const result: Claim<T> = { owned: [], adopt: [], release: [] };
  const uid = owner.metadata.uid;
  for (const obj of objects) {
    const ref = controllerOf(obj);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches(obj)) result.owned.push(obj);
      else if (!obj.metadata.deletionTimestamp) result.release.push(withoutOwner(obj, uid));
      continue;
    }
    if (!matches(obj) || obj.metadata.deletionTimestamp || owner.metadata.deletionTimestamp) continue;
    const adopted = { ...obj, metadata: { ...obj.metadata, ownerReferences: [...(obj.metadata.ownerReferences ?? []), controllerRef(owner)] } };
    result.adopt.push(adopted);
    result.owned.push(adopted);
  }
  return result;
}

function withoutOwner<T extends ApiObject>(obj: T, uid: string | undefined): T {
  const refs = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
  const { ownerReferences: _drop, ...meta } = obj.metadata;
  return { ...obj, metadata: refs.length > 0 ? { ...meta, ownerReferences: refs } : meta };
}
