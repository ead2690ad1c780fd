// ResourceQuota admission, applied where every new object passes: the commit. It is the last
// step of the admission chain (admission/): the API's object core (objects/) and the controllers'
// store (admission/admitted-store.ts) run the chain's plugins and webhooks first, then commit
// through this store, so a pod a controller makes is counted exactly as one a user posts.
//
// For each commit that creates namespaced objects, per namespace, ResourceQuota charges the new
// objects to the namespace's quotas (quota-check.ts) and adds each charged quota, with its new
// `status.used`, to the same commit.
//
// Race safety: Kubernetes' own rule, the quota's resourceVersion is the lock. Each quota is
// written compare-and-swap on the version read before its usage was, so of two creates that both
// read "3 of 4 used", the first commit makes the quota 4/4 and the second fails on the quota's
// version, reads again (4 of 4) and is refused. Nothing is serialised in memory, so this holds
// across several servers on one etcd too. The quota controller's recount is compare-and-swap on
// the same version, so it cannot overwrite a charge it did not see.
import { ConflictError, backoffDelay, sleep, type ApiObject, type ObjectRef, type ResourceQuota } from "@skiff/api";
import type { Store, WriteOp } from "@skiff/store";
import { chargeQuotas, recordedUsed, withUsed, type QuotaState } from "./quota-check.js";
import { kindsCounted, namespaceUsage } from "./usage.js";

/** How many times a create that keeps losing the race for a quota reads it again. */
export const QUOTA_ATTEMPTS = 20;

/** `store`, with ResourceQuota admission on every commit that creates namespaced objects. */
export function quotaStore(store: Store, clock: () => Date = () => new Date()): Store {
  const commit = (ops: WriteOp[]) => admitAndCommit(store, ops, clock);
  return {
    revision: () => store.revision(),
    get: (ref: ObjectRef) => store.get(ref),
    list: (kind, options) => store.list(kind, options),
    commit,
    create: async (object) => (await commit([{ type: "create", object }]))[0] as ApiObject,
    update: (object) => store.update(object),
    delete: (ref, resourceVersion) => store.delete(ref, resourceVersion),
    watch: (options) => store.watch(options),
    close: () => store.close(),
  };
}

/** Charge the creates of `ops`, then commit them with the charged quotas; returns one result per op of `ops`. */
export async function admitAndCommit(store: Store, ops: WriteOp[], clock: () => Date): Promise<ApiObject[]> {
  const namespaces = new Set(ops.flatMap((op) => (admissible(op) ? [op.object.metadata.namespace as string] : [])));
  if (namespaces.size === 0) return store.commit(ops);
  for (let attempt = 1; ; attempt++) {
    const charged: QuotaState[] = [];
    for (const ns of namespaces) charged.push(...(await chargeNamespace(store, ns, ops, clock())));
    if (charged.length === 0) return store.commit(ops);
    const quotaOps = charged.map(({ quota, used }): WriteOp => ({ type: "update", object: withUsed(quota, used) }));
    try {
      return (await store.commit([...ops, ...quotaOps])).slice(0, ops.length);
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= QUOTA_ATTEMPTS || !(await quotaMoved(store, charged))) throw err;
      await sleep(backoffDelay(attempt, { initialMs: 5, maxMs: 100, jitter: 1 }));
    }
  }
}

// Events are the server's own record, not the user's objects: never refused, never counted.
function admissible(op: WriteOp): op is { type: "create"; object: ApiObject } {
  return op.type === "create" && op.object.metadata.namespace !== undefined && op.object.kind !== "Event";
}

/** The namespace's quotas charged with its new objects in `ops` (only those whose usage changes). */
async function chargeNamespace(store: Store, namespace: string, ops: WriteOp[], now: Date): Promise<QuotaState[]> {
  const quotas = (await store.list("ResourceQuota", { namespace })).items as ResourceQuota[];
  if (quotas.length === 0) return [];
  const created = ops.flatMap((op) => (admissible(op) && op.object.metadata.namespace === namespace ? [op.object] : []));
  const states: QuotaState[] = [];
  for (const quota of quotas) states.push({ quota, used: recordedUsed(quota) ?? (await countNow(store, quota, now)) });
  return chargeQuotas(states, created, now);
}

/**
 * A quota whose status does not yet cover its spec (the controller has not counted it) is counted
 * here from the store. Kubernetes refuses with "status unknown for quota" until its controller
 * has; skiff counts, so a pod may follow its namespace's quota at once. The quota was read before
 * this list, so its compare-and-swap still holds the count.
 */
async function countNow(store: Store, quota: ResourceQuota, now: Date) {
  const names = Object.keys(quota.spec?.hard ?? {});
  const kinds = [...new Set(names.flatMap(kindsCounted))];
  const objects: ApiObject[] = [];
  for (const kind of kinds) objects.push(...(await store.list(kind, { namespace: quota.metadata.namespace })).items);
  return namespaceUsage(objects, names, now);
}

/** Did one of the quotas change since it was read (another create charged it first)? */
async function quotaMoved(store: Store, charged: QuotaState[]): Promise<boolean> {
  for (const { quota } of charged) {
    const now = await store.get({ kind: "ResourceQuota", namespace: quota.metadata.namespace, name: quota.metadata.name });
    if (now?.metadata.resourceVersion !== quota.metadata.resourceVersion) return true;
  }
  return false;
}
