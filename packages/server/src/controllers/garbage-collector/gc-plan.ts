// The garbage collector's decisions, as Kubernetes' (pkg/controller/garbagecollector). Pure:
// the shell (index.ts) looks owners up, in the cache first and then in the store, and acts.
//
// As a dependent, each owner reference of an object is one of:
//   dangling  the owner is gone: no object of that kind and name, or one with another uid
//   waiting   the owner is being deleted in the foreground and this reference blocks it
//   solid     the owner is there (also while it is being deleted in background or orphan mode)
// and the object is
//   kept                   when every reference is solid (or it has none, or it is being deleted)
//   detached               from its dangling and waiting owners when some owner is solid
//   deleted in foreground  when owners wait for it and it has dependents of its own
//   deleted                otherwise (every owner gone or waiting), its own finalizers deciding how
//
// As an owner being deleted (deletionTimestamp set):
//   finalizer "orphan"              -> its dependents lose their reference to it, then the finalizer goes
//   finalizer "foregroundDeletion"  -> it waits until no dependent with blockOwnerDeletion is left,
//                                      then the finalizer goes (and with the last finalizer, the owner)
import type { ApiObject, OwnerReference } from "@skiff/api";
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, type PropagationPolicy } from "../../objects/deletion-plan.js";

/** An owner looked up by its reference: the object of that kind and name, undefined, or "unknown" (a kind we do not follow). */
export type OwnerLookup = (ref: OwnerReference) => ApiObject | undefined | "unknown";

export interface ClassifiedRefs {
  solid: OwnerReference[];
  dangling: OwnerReference[];
  waiting: OwnerReference[];
}

export function classifyRefs(obj: ApiObject, lookup: OwnerLookup): ClassifiedRefs {
  const out: ClassifiedRefs = { solid: [], dangling: [], waiting: [] };
  for (const ref of obj.metadata.ownerReferences ?? []) {
    const owner = lookup(ref);
    // An owner of a kind we do not follow is never presumed gone: collecting on a guess is worse than keeping.
    if (owner === "unknown") out.solid.push(ref);
    else if (!owner || owner.metadata.uid !== ref.uid) out.dangling.push(ref);
    else if (ref.blockOwnerDeletion && isDeletingForeground(owner)) out.waiting.push(ref);
    else out.solid.push(ref);
  }
  return out;
}

export type DependentAction =
  | { type: "none" }
  | { type: "removeOwnerRefs"; uids: string[] }
  /** policy undefined: background, keeping any GC finalizer the object already carries. */
  | { type: "delete"; policy?: PropagationPolicy };

export function planDependent(obj: ApiObject, refs: ClassifiedRefs, hasDependents: boolean): DependentAction {
  if (obj.metadata.deletionTimestamp !== undefined) return { type: "none" };
  const { solid, dangling, waiting } = refs;
  if (solid.length + dangling.length + waiting.length === 0) return { type: "none" };
  if (solid.length > 0) {
    const gone = [...dangling, ...waiting];
    return gone.length === 0 ? { type: "none" } : { type: "removeOwnerRefs", uids: gone.map((r) => r.uid) };
  }
  // An owner waits for us: if we own things too, make our deletion wait for them (foreground cascades).
  if (waiting.length > 0 && hasDependents) return { type: "delete", policy: "foreground" };
  return { type: "delete" };
}

export type OwnerAction =
  | { type: "none" }
  /** Strip the reference to the owner from each of these, then remove the "orphan" finalizer. */
  | { type: "orphan"; dependents: ApiObject[] }
  | { type: "removeFinalizer"; finalizer: string }
  /** Dependents with blockOwnerDeletion are still there: their deletion will bring us back. */
  | { type: "waitForDependents"; blocking: ApiObject[] };

/** What to do for `owner`, given every object that has an owner reference to its uid. */
export function planOwner(owner: ApiObject, dependents: ApiObject[]): OwnerAction {
  if (owner.metadata.deletionTimestamp === undefined) return { type: "none" };
  const uid = owner.metadata.uid;
  const mine = dependents.filter((d) => refTo(d, uid) !== undefined);
  const finalizers = owner.metadata.finalizers ?? [];
  if (finalizers.includes(ORPHAN_FINALIZER)) return { type: "orphan", dependents: mine };
  if (finalizers.includes(FOREGROUND_FINALIZER)) {
    const blocking = mine.filter((d) => refTo(d, uid)?.blockOwnerDeletion);
    return blocking.length === 0 ? { type: "removeFinalizer", finalizer: FOREGROUND_FINALIZER } : { type: "waitForDependents", blocking };
  }
  return { type: "none" };
}

export type NamespaceAction =
  | { type: "none" }
  | { type: "deleteContent"; objects: ApiObject[] }
  | { type: "removeFinalizer"; finalizer: string };

/**
 * A Terminating namespace (marked by the API, with `finalizer`) is emptied again, in case
 * something was written into it since, and lets go once nothing is left in it.
 */
export function planNamespace(ns: ApiObject, content: ApiObject[], finalizer: string): NamespaceAction {
  if (ns.metadata.deletionTimestamp === undefined || !(ns.metadata.finalizers ?? []).includes(finalizer)) return { type: "none" };
  if (content.length === 0) return { type: "removeFinalizer", finalizer };
  const live = content.filter((o) => o.metadata.deletionTimestamp === undefined);
  return live.length > 0 ? { type: "deleteContent", objects: live } : { type: "none" };
}

/** `obj` without its references to these owner uids. */
export function withoutOwnerRefs(obj: ApiObject, uids: string[]): ApiObject {
  const { ownerReferences, ...meta } = obj.metadata;
  const kept = (ownerReferences ?? []).filter((r) => !uids.includes(r.uid));
  return { ...obj, metadata: kept.length > 0 ? { ...meta, ownerReferences: kept } : meta };
}

export function refTo(obj: ApiObject, uid: string | undefined): OwnerReference | undefined {
  return uid === undefined ? undefined : obj.metadata.ownerReferences?.find((r) => r.uid === uid);
}

function isDeletingForeground(obj: ApiObject): boolean {
  return obj.metadata.deletionTimestamp !== undefined && (obj.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER);
}
