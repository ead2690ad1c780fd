// The garbage collector: deletes what lost its owners, and carries out the "foreground" and
// "orphan" deletions the API only marks (see README.md). The decisions are in gc-plan.ts; this
// is the shell: look in the caches, confirm against the store, write with compare-and-swap.
//
//   any change to X -> keys: X itself, X's owners that are being deleted (they may wait for X),
//                      X's namespace if it is Terminating (it waits for X to go)
//   reconcile(X):  X as a dependent   -> keep / detach from gone owners / delete
//                  X as a deleting owner -> orphan its dependents, or wait for them, then drop the finalizer
//                  objects naming X as owner -> same as "X as a dependent" for each (X may be gone)
import { namespacedKinds, NotFoundError, describeRef, refOf, type ApiObject } from "@skiff/api";
import { NAMESPACE_INDEX } from "../../informer/indexers.js";
import { NAMESPACE_FINALIZER, ORPHAN_FINALIZER } from "../../objects/deletion-plan.js";
import { deleteObject, removeFinalizer, updateObject } from "../../objects/deletion.js";
import type { Caches } from "../framework/caches.js";
import type { ControllerDefinition, ReconcileContext, ReconcileResult, Watch } from "../framework/controller.js";
import { classifyRefs, planDependent, planNamespace, planOwner, withoutOwnerRefs } from "./gc-plan.js";
import { CacheGraph, dependentKinds, FOLLOWED_KINDS, gcKey, keyOfObject, ownerKey, parseGcKey, storeDependents, storeLookup } from "./graph.js";

// An owner that is not being deleted has nothing to learn from its dependents' changes (a gone
// owner is noticed by the dependent's own key), so a pod's status moving does not wake its
// ReplicaSet here: O(1) per event, whatever the number of replicas.
function keysFor(obj: ApiObject, caches: Caches): string[] {
  const keys = [gcKey(keyOfObject(obj))];
  const graph = new CacheGraph(caches);
  for (const ref of obj.metadata.ownerReferences ?? []) {
    const k = ownerKey(ref, obj.metadata.namespace);
    if (k && graph.get(k)?.metadata.deletionTimestamp) keys.push(gcKey(k));
  }
  const ns = obj.metadata.namespace ? { kind: "Namespace", name: obj.metadata.namespace } : undefined;
  if (ns && graph.get(ns)?.metadata.deletionTimestamp) keys.push(gcKey(ns));
  return keys;
}

const watches: Watch[] = FOLLOWED_KINDS.map((kind) => ({ kind, keysFor }));

async function reconcile(key: string, ctx: ReconcileContext): Promise<ReconcileResult | void> {
  const k = parseGcKey(key);
  const graph = new CacheGraph(ctx.informers);
  const obj = graph.get(k);
  if (k.kind === "Namespace") return obj ? reconcileNamespace(obj, ctx) : undefined;
  if (obj) {
    await collect(obj, graph, ctx);
    await finishOwner(obj, graph, ctx);
  }
  // Dependents naming X: each may have lost its owner (X gone, replaced by a namesake, or deleting).
  for (const dependent of graph.dependentsNamed(k)) {
    if (!obj || obj.metadata.deletionTimestamp || !refersTo(dependent, obj)) await collect(dependent, graph, ctx);
  }
}

/** Every reference of `dependent` to `owner`'s kind and name carries `owner`'s uid. */
function refersTo(dependent: ApiObject, owner: ApiObject): boolean {
  return (dependent.metadata.ownerReferences ?? [])
    .filter((r) => r.kind === owner.kind && r.name === owner.metadata.name)
    .every((r) => r.uid === owner.metadata.uid);
}

/** `obj` as a dependent: decide from the cache, confirm from the store, act on what the store holds. */
async function collect(obj: ApiObject, graph: CacheGraph, ctx: ReconcileContext): Promise<void> {
  const hasDependents = graph.hasDependents(obj);
  if (planDependent(obj, classifyRefs(obj, graph.lookup(obj.metadata.namespace)), hasDependents).type === "none") return;
  const latest = await ctx.store.get(refOf(obj));
  if (!latest || latest.metadata.uid !== obj.metadata.uid) return;
  const action = planDependent(latest, classifyRefs(latest, await storeLookup(ctx.store, latest)), hasDependents);
  const what = describeRef(refOf(latest));
  await ignoreNotFound(async () => {
    if (action.type === "removeOwnerRefs") {
      await updateObject(ctx.store, withoutOwnerRefs(latest, action.uids));
      ctx.log.info({ object: what, owners: action.uids }, "removed references to owners being deleted or gone");
    } else if (action.type === "delete") {
      const { outcome } = await deleteObject(ctx.store, latest, { policy: action.policy, now: ctx.now() });
      ctx.log.info({ object: what, policy: action.policy ?? "background", outcome }, "deleting: its owners are gone (or wait for it, in the foreground)");
    }
  });
}

/** `owner` being deleted with the "orphan" or "foregroundDeletion" finalizer. */
async function finishOwner(owner: ApiObject, graph: CacheGraph, ctx: ReconcileContext): Promise<void> {
  if (planOwner(owner, []).type === "none") return;
  const latest = await ctx.store.get(refOf(owner));
  if (!latest || latest.metadata.uid !== owner.metadata.uid) return;
  const action = planOwner(latest, await storeDependents(ctx.store, graph, latest));
  const what = describeRef(refOf(latest));
  const uid = latest.metadata.uid ?? "";
  await ignoreNotFound(async () => {
    if (action.type === "orphan") {
      for (const d of action.dependents) await ignoreNotFound(() => updateObject(ctx.store, withoutOwnerRefs(d, [uid])));
      await removeFinalizer(ctx.store, latest, ORPHAN_FINALIZER);
      ctx.log.info({ object: what, orphaned: action.dependents.length }, "orphaned dependents");
    } else if (action.type === "removeFinalizer") {
      await removeFinalizer(ctx.store, latest, action.finalizer);
      ctx.log.info({ object: what }, "dependents deleted; owner released");
    } else if (action.type === "waitForDependents") {
      ctx.log.debug({ object: what, blocking: action.blocking.map((d) => describeRef(refOf(d))) }, "waiting for dependents");
    }
  });
}

/**
 * A Terminating namespace: delete what is still alive in it; release it once empty. Every change
 * to an object in it brings its key back (keysFor), so it waits for events, not on a timer. The
 * caches say what is left (namespace index); once they show nothing, the store has the last word,
 * and also holds the kinds the collector does not follow (Events), deleted here in one go.
 */
async function reconcileNamespace(ns: ApiObject, ctx: ReconcileContext): Promise<void> {
  if (planNamespace(ns, [], NAMESPACE_FINALIZER).type === "none") return;
  const name = ns.metadata.name;
  const cached = dependentKinds().flatMap((kind) => ctx.informers.for(kind).byIndex(NAMESPACE_INDEX, name));
  if (cached.length > 0) {
    const action = planNamespace(ns, cached, NAMESPACE_FINALIZER);
    if (action.type === "deleteContent") await deleteAll(action.objects, ctx);
    return; // what is left is being deleted (finalizers): its going brings us back
  }
  const latest = await ctx.store.get(refOf(ns));
  if (!latest) return;
  let action = planNamespace(latest, await storeContent(name, ctx), NAMESPACE_FINALIZER);
  if (action.type === "deleteContent") {
    await deleteAll(action.objects, ctx);
    action = planNamespace(latest, await storeContent(name, ctx), NAMESPACE_FINALIZER);
  }
  if (action.type === "removeFinalizer") {
    await ignoreNotFound(() => removeFinalizer(ctx.store, latest, action.finalizer));
    ctx.log.info({ namespace: name }, "namespace emptied; removed");
  }
}

async function storeContent(namespace: string, ctx: ReconcileContext): Promise<ApiObject[]> {
  const content: ApiObject[] = [];
  for (const kind of namespacedKinds()) content.push(...(await ctx.store.list(kind, { namespace })).items);
  return content;
}

async function deleteAll(objects: ApiObject[], ctx: ReconcileContext): Promise<void> {
  for (const o of objects) await ignoreNotFound(() => deleteObject(ctx.store, o, { now: ctx.now() }));
}

// Gone already: someone else finished the job. Any other error (a ConflictError: the object
// changed since we read it) goes to the framework, which retries the key with a fresh read.
async function ignoreNotFound(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
}

export const garbageCollector: ControllerDefinition = {
  name: "garbage-collector",
  watches,
  // A custom object can own (a Website its ConfigMap) and be owned: every custom kind is followed as its CRD comes.
  followCustomKinds: (kind) => ({ kind, keysFor }),
  reconcile,
};
