// The resource quota controller: keeps each ResourceQuota's status.hard (its spec's) and
// status.used (what its namespace holds now), as Kubernetes' does. Admission charges a quota as
// objects are created (quota/admit-at-commit.ts); this controller gives back what deletions and
// finished pods (Succeeded, Failed) free, and counts a new quota or a changed spec.
//
// Watch-driven: a change of any kind a quota counts wakes the quotas of its namespace (found by
// the namespace index). A recount reads the quota from the store, then lists the counted kinds of
// its namespace from the store, and writes compare-and-swap on the version it read: a create
// admitted in between changed that version, so the write fails and is retried, and the recount
// never drops a charge it did not see. (The caches could lag behind such a create: hence the
// store, one namespace's objects per recount, as Kubernetes lists them per quota sync.)
// Kinds not watched (count/ of a rarer kind) are recounted every five minutes.
import { ConflictError, type ResourceQuota } from "@skiff/api";
import type { Caches } from "../framework/caches.js";
import type { ControllerDefinition, ReconcileContext, ReconcileResult, Watch } from "../framework/controller.js";
import { keyOf, splitKey } from "../owners.js";
import { NAMESPACE_INDEX } from "../../informer/index.js";
import { withUsed } from "../../quota/quota-check.js";
import { kindsCounted, namespaceUsage } from "../../quota/usage.js";

/** The kinds whose changes wake the quotas of their namespace. */
export const COUNTED_KINDS = ["Pod", "Service", "ConfigMap", "Secret", "PersistentVolumeClaim", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob"];

export const RESYNC_MS = 5 * 60_000;

const quotasOf = (namespace: string | undefined, caches: Caches): string[] =>
  namespace ? caches.for<ResourceQuota>("ResourceQuota").byIndex(NAMESPACE_INDEX, namespace).map(keyOf) : [];

export const resourceQuotaController: ControllerDefinition = {
  name: "resourcequota",
  watches: [
    { kind: "ResourceQuota", keysFor: (q) => [keyOf(q)] },
    ...COUNTED_KINDS.map((kind): Watch => ({ kind, keysFor: (o, caches) => quotasOf(o.metadata.namespace, caches) })),
  ],
  reconcile: reconcileResourceQuota,
};

export async function reconcileResourceQuota(key: string, ctx: ReconcileContext): Promise<ReconcileResult | void> {
  const { namespace, name } = splitKey(key);
  const quota = (await ctx.store.get({ kind: "ResourceQuota", namespace, name })) as ResourceQuota | undefined;
  if (!quota || quota.metadata.deletionTimestamp) return;
  const names = Object.keys(quota.spec?.hard ?? {});
  const objects = [];
  for (const kind of new Set(names.flatMap(kindsCounted))) objects.push(...(await ctx.store.list(kind, { namespace })).items);
  const next = withUsed(quota, namespaceUsage(objects, names, ctx.now()));
  if (JSON.stringify(next.status) !== JSON.stringify(quota.status)) {
    try {
      await ctx.store.update(next); // compare-and-swap on the version read above
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      return { requeueAfterMs: 0 }; // a create was charged in between: count again
    }
  }
  return { requeueAfterMs: RESYNC_MS };
}
