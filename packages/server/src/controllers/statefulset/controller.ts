// The StatefulSet controller's shell: read the set and its pods, ask the plan, write the
// difference, record events. All decisions are in statefulset-plan.ts; the set's history (one
// ControllerRevision per template, what `rollout history` and `rollout undo` read) is planned by
// framework/revision-history.ts, as the DaemonSet's is.
//
// The set is read from the store (its status write is compare-and-swap); its pods from the Pod
// cache by owner uid, after the framework has waited for the caches to show this controller's own
// writes (a reconcile that still missed web-0 would try to create it again).
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { AlreadyExistsError, ConflictError, CURRENT_TEMPLATE_ANNOTATION, NotFoundError, formatCurrentTemplate, refOf, selectorFromLabelSelector, type ControllerRevision, type PersistentVolumeClaim, type Pod, type StatefulSet } from "@skiff/api";
import type { WriteOp } from "@skiff/store";
import { deleteObject } from "../../objects/deletion.js";
import { TerminalError, type ControllerDefinition, type ReconcileContext, type ReconcileResult } from "../framework/controller.js";
import { ownedBy } from "../framework/lookups.js";
import { planHistory } from "../framework/revision-history.js";
import { isControlledBy, keyOf, ownerKeys, splitKey } from "../owners.js";
import { planStatefulSet, type StatefulSetAction, type StatefulSetPlan } from "./statefulset-plan.js";
import { ownedByPod, replicaClaims } from "./claims.js";
import { ordinalOf } from "./identity.js";
import { REVISION_LABEL, revisionName, revisionsOf } from "./revision.js";

export const statefulSetController: ControllerDefinition = {
  name: "statefulset",
  watches: [
    { kind: "StatefulSet", keysFor: (set) => [keyOf(set)] },
    { kind: "Pod", keysFor: ownerKeys("StatefulSet") },
    { kind: "ControllerRevision", keysFor: ownerKeys("StatefulSet") },
  ],
  reconcile: reconcileStatefulSet,
};

export async function reconcileStatefulSet(key: string, ctx: ReconcileContext): Promise<ReconcileResult | void> {
  const { namespace, name } = splitKey(key);
  const set = (await ctx.store.get({ kind: "StatefulSet", namespace, name })) as StatefulSet | undefined;
  if (!set || set.metadata.deletionTimestamp) return; // its pods go with it (garbage collector)
  const pods = podsOf(set, ctx);
  const plan = planStatefulSet({ set, pods, now: ctx.now() });
  await writeHistory(set, pods, ctx);
  for (const action of plan.actions) await apply(set, action, ctx);
  await writeStatus(set, plan, ctx);
  return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs } : undefined;
}

function podsOf(set: StatefulSet, ctx: ReconcileContext): Pod[] {
  let selector;
  try {
    selector = selectorFromLabelSelector(set.spec.selector);
  } catch (err) {
    throw new TerminalError(`StatefulSet ${keyOf(set)}: invalid selector: ${(err as Error).message}`, { cause: err });
  }
  // A template whose labels the selector does not match would make pods the set never sees.
  if (!selector.matches(set.spec.template.metadata?.labels)) {
    throw new TerminalError(`StatefulSet ${keyOf(set)}: selector does not match the template's labels`);
  }
  // Kubernetes would also adopt matching orphans; skiff leaves them alone (see README.md).
  return ownedBy<Pod>(ctx.informers, "Pod", set.metadata.uid).filter((p) => isControlledBy(p, set) && selector.matches(p.metadata.labels));
}

async function apply(set: StatefulSet, action: StatefulSetAction, ctx: ReconcileContext): Promise<void> {
  const pod = action.pod.metadata.name;
  const setName = set.metadata.name;
  if (action.type === "create") {
    const now = ctx.now().toISOString();
    await createClaims(set, action.pod, ctx);
    const object: Pod = { ...action.pod, metadata: { ...action.pod.metadata, uid: randomUUID(), creationTimestamp: now, generation: 1 } };
    try {
      await ctx.store.create(object);
    } catch (err) {
      const message = err instanceof AlreadyExistsError ? "a pod of that name exists and is not this set's" : (err as Error).message;
      ctx.events.record(set, "Warning", "FailedCreate", `create Pod ${pod} in StatefulSet ${setName} failed error: ${message}`);
      throw err;
    }
    ctx.log.debug({ set: keyOf(set), pod }, "created pod");
    ctx.events.record(set, "Normal", "SuccessfulCreate", `create Pod ${pod} in StatefulSet ${setName} successful`);
    return;
  }
  if (action.reason === "condemned" && set.spec.persistentVolumeClaimRetentionPolicy?.whenScaled === "Delete") await releaseClaims(set, action.pod, ctx);
  try {
    // As the API would: a pod with a finalizer is only marked, and the plan waits for it to go.
    await deleteObject(ctx.store, action.pod, { now: ctx.now() });
  } catch (err) {
    if (err instanceof NotFoundError) return; // someone was quicker: the next pass sees it gone
    // ConflictError (the pod changed since it was read) is retried with fresh reads, no event.
    if (!(err instanceof ConflictError)) ctx.events.record(set, "Warning", "FailedDelete", `delete Pod ${pod} in StatefulSet ${setName} failed error: ${(err as Error).message}`);
    throw err;
  }
  ctx.log.debug({ set: keyOf(set), pod, reason: action.reason }, "deleted pod");
  ctx.events.record(set, "Normal", "SuccessfulDelete", `delete Pod ${pod} in StatefulSet ${setName} successful`);
}

/**
 * One ControllerRevision per template the set has had, numbered as Kubernetes numbers them. A
 * revision some pod still runs, or the current one (kept below a partition), is never pruned.
 */
async function writeHistory(set: StatefulSet, pods: Pod[], ctx: ReconcileContext): Promise<void> {
  const prefix = `${set.metadata.name}-`;
  const hashOf = (revision: string | undefined) => (revision?.startsWith(prefix) ? [revision.slice(prefix.length)] : []);
  const { current, update } = revisionsOf(set);
  const live = new Set([...pods.flatMap((p) => hashOf(p.metadata.labels?.[REVISION_LABEL])), ...hashOf(current.name)]);
  const revisions = ownedBy<ControllerRevision>(ctx.informers, "ControllerRevision", set.metadata.uid).filter((r) => isControlledBy(r, set));
  const [hash] = hashOf(revisionName(set, update.template));
  const history = planHistory(set, revisions, hash!, live, ctx.now());
  const ops: WriteOp[] = [
    ...(history.create ? [{ type: "create", object: { ...history.create, metadata: { ...history.create.metadata, uid: randomUUID() } } } as WriteOp] : []),
    ...history.update.map((object): WriteOp => ({ type: "update", object })),
    ...history.delete.map((r): WriteOp => ({ type: "delete", ref: refOf(r) })),
  ];
  if (ops.length > 0) await ctx.store.commit(ops);
}

/** The replica's claims (claims.ts), made before its pod; one that exists is left as it is. */
async function createClaims(set: StatefulSet, pod: Pod, ctx: ReconcileContext): Promise<void> {
  const ordinal = ordinalOf(set, pod);
  if (ordinal === undefined) return;
  const cache = ctx.informers.for<PersistentVolumeClaim>("PersistentVolumeClaim");
  for (const claim of replicaClaims(set, ordinal)) {
    if (cache.get(`${claim.metadata.namespace}/${claim.metadata.name}`)) continue;
    try {
      await ctx.store.create({ ...claim, metadata: { ...claim.metadata, uid: randomUUID(), creationTimestamp: ctx.now().toISOString() } });
    } catch (err) {
      if (err instanceof AlreadyExistsError) continue; // the cache had not shown it yet
      ctx.events.record(set, "Warning", "FailedCreate", `create Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(err as Error).message}`);
      throw err;
    }
    ctx.events.record(set, "Normal", "SuccessfulCreate", `create Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`);
  }
}

/** whenScaled: Delete: a replica removed by a scale-down takes its claims with it (the GC deletes them after the pod). */
async function releaseClaims(set: StatefulSet, pod: Pod, ctx: ReconcileContext): Promise<void> {
  const ordinal = ordinalOf(set, pod);
  if (ordinal === undefined) return;
  const cache = ctx.informers.for<PersistentVolumeClaim>("PersistentVolumeClaim");
  for (const wanted of replicaClaims(set, ordinal)) {
    const claim = cache.get(`${wanted.metadata.namespace}/${wanted.metadata.name}`);
    const owned = claim && ownedByPod(claim, pod);
    if (owned) await ctx.store.update(owned);
  }
}

/**
 * Status and the current revision's template go in one compare-and-swap write of the set: if
 * the user changed it meanwhile, the write fails and the key is retried with fresh reads.
 */
async function writeStatus(set: StatefulSet, plan: StatefulSetPlan, ctx: ReconcileContext): Promise<void> {
  const template = formatCurrentTemplate(plan.current.template);
  const annotations = set.metadata.annotations ?? {};
  if (isDeepStrictEqual(set.status, plan.status) && annotations[CURRENT_TEMPLATE_ANNOTATION] === template) return;
  await ctx.store.update({
    ...set,
    metadata: { ...set.metadata, annotations: { ...annotations, [CURRENT_TEMPLATE_ANNOTATION]: template } },
    status: plan.status,
  });
}
