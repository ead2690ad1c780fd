// The garbage collector: deletes what lost its owners, and carries out the "foreground" and
// "orphan" deletions the API only marks (see README.md). The decisions are in gc-plan.ts; this
// is the shell: look in the caches, confirm against the store, write with compare-and-swap.
//
//   any change to X -> keys: X itself, X's owners (they may be waiting for X), X's namespace
//   reconcile(X):  X as a dependent   -> keep / detach from gone owners / delete
//                  X as a deleting owner -> orphan its dependents, or wait for them, then drop the finalizer
//                  objects naming X as owner -> same as "X as a dependent" for each (X may be gone)
import { KINDS, NotFoundError, describeRef, refOf, type ApiObject } from "@skiff/api";
import { NAMESPACE_FINALIZER, ORPHAN_FINALIZER } from "../../objects/deletion-plan.js";
import { deleteObject, removeFinalizer, updateObject } from "../../objects/deletion.js";
import type { ControllerDefinition, ReconcileContext, ReconcileResult, Watch } from "../framework/controller.js";
import { classifyRefs, planDependent, planNamespace, planOwner, withoutOwnerRefs } from "./gc-plan.js";
import { CacheGraph, FOLLOWED_KINDS, gcKey, keyOfObject, ownerKey, parseGcKey, storeDependents, storeLookup } from "./graph.js";

// A Terminating namespace whose content is held by finalizers is looked at again this often.
const NAMESPACE_RECHECK_MS = 2_000;

function keysFor(obj: ApiObject): string[] {
  const keys = [gcKey(keyOfObject(obj))];
  for (const ref of obj.metadata.ownerReferences ?? []) {
    const k = ownerKey(ref, obj.metadata.namespace);
    if (k) keys.push(gcKey(k));
  }
  if (obj.metadata.namespace) keys.push(gcKey({ kind: "Namespace", name: obj.metadata.namespace }));
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
    await finishOwner(obj, ctx);
  }
  for (const dependent of graph.dependentsNamed(k)) await collect(dependent, graph, ctx);
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
async function finishOwner(owner: ApiObject, ctx: ReconcileContext): Promise<void> {
  if (planOwner(owner, []).type === "none") return;
  const latest = await ctx.store.get(refOf(owner));
  if (!latest || latest.metadata.uid !== owner.metadata.uid) return;
  const action = planOwner(latest, await storeDependents(ctx.store, latest));
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

/** A Terminating namespace: delete what is still alive in it; release it once empty. */
async function reconcileNamespace(ns: ApiObject, ctx: ReconcileContext): Promise<ReconcileResult | void> {
  if (planNamespace(ns, [], NAMESPACE_FINALIZER).type === "none") return;
  const content: ApiObject[] = [];
  for (const info of KINDS.filter((i) => i.namespaced)) {
    content.push(...(await ctx.store.list(info.kind, { namespace: ns.metadata.name })).items);
  }
  const latest = await ctx.store.get(refOf(ns));
  if (!latest) return;
  const action = planNamespace(latest, content, NAMESPACE_FINALIZER);
  if (action.type === "removeFinalizer") {
    await ignoreNotFound(() => removeFinalizer(ctx.store, latest, action.finalizer));
    ctx.log.info({ namespace: ns.metadata.name }, "namespace emptied; removed");
    return;
  }
  if (action.type === "deleteContent") {
    for (const o of action.objects) await ignoreNotFound(() => deleteObject(ctx.store, o, { now: ctx.now() }));
  }
  return { requeueAfterMs: NAMESPACE_RECHECK_MS };
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
  reconcile,
};
