// The ReplicaSet controller's shell: read, plan (replicaset-plan.ts), write in one atomic batch.
//
// Never a duplicate pod. The informer cache lags behind our own writes: a reconcile that ran
// just after creating 3 pods could see 0 in the cache and create 3 more. The framework waits,
// before each reconcile, until the caches show this controller's own writes (own-writes.ts), and
// the work queue never gives one key to two workers, so the pods read from the cache include
// every pod this ReplicaSet made. The pods are found by index: those it owns (owner uid) and
// those its selector matches (label), never by walking the namespace. The ReplicaSet itself is
// read from the store, so that the status write is compare-and-swap on its latest version.
//
// One batch: adoptions, releases, creates, deletes and the status go in one `commit`. Either all
// are written or none (a Conflict because a pod or the ReplicaSet changed under us): then the
// key is retried from a fresh read. A batch too big for one commit on etcd (128 objects, about
// 1.5 MiB) is planned again with half the burst until it fits; the new pods' events bring the
// key back for the rest, as Kubernetes' slow-start batches do.
import { randomUUID } from "node:crypto";
import { AlreadyExistsError, ConflictError, NotFoundError, ValidationError, refOf, selectorFromLabelSelector, type ApiObject, type Pod, type ReplicaSet } from "@skiff/api";
import { fitsOneCommit, type WriteOp } from "@skiff/store";
import type { Caches } from "../framework/caches.js";
import { TerminalError, type ControllerDefinition, type ReconcileContext, type ReconcileResult } from "../framework/controller.js";
import { ownedBy, selectedBy, selecting, union } from "../framework/lookups.js";
import { controllerOf, keyOf, ownerKeys, splitKey } from "../owners.js";
import { generateName, podFromTemplate } from "./pod-template.js";
import { createWhatFits, refusedByAdmission } from "./create-what-fits.js";
import { BURST_REPLICAS, planReplicaSet, type ReplicaSetPlan } from "./replicaset-plan.js";

export const replicaSetController: ControllerDefinition = {
  name: "replicaset",
  watches: [
    { kind: "ReplicaSet", keysFor: (rs) => [keyOf(rs)] },
    // A pod wakes its owner; an orphan wakes the ReplicaSets whose selector matches it, which
    // adopt it (found by the selector index: the ReplicaSets of its namespace are not walked).
    { kind: "Pod", keysFor: (pod, caches) => [...ownerKeys("ReplicaSet")(pod), ...adopters(pod, caches)] },
  ],
  reconcile: reconcileReplicaSet,
};

export async function reconcileReplicaSet(key: string, ctx: ReconcileContext): Promise<ReconcileResult | void> {
  const { namespace, name } = splitKey(key);
  const rs = (await ctx.store.get({ kind: "ReplicaSet", namespace, name })) as ReplicaSet | undefined;
  if (!rs) return;
  const { plan, created, ops } = planBatch(rs, candidatePods(rs, ctx.informers), ctx.now(), key);
  if (ops.length === 0) return requeue(plan);
  try {
    await ctx.store.commit(ops);
  } catch (err) {
    if (created.length > 0 && refusedByAdmission(err)) return createWhatFits(rs, ops, created, err, ctx);
    if (created.length > 0 && !(err instanceof ConflictError) && !(err instanceof NotFoundError)) {
      const message = err instanceof AlreadyExistsError ? `pod name taken: ${err.message}` : (err as Error).message;
      ctx.events.record(rs, "Warning", "FailedCreate", `Error creating: ${message}`);
    }
    throw err;
  }
  for (const pod of created) ctx.events.record(rs, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name}`);
  for (const pod of plan.delete) ctx.events.record(rs, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`);
  if (created.length || plan.delete.length) {
    ctx.log.info({ replicaSet: key, created: created.length, deleted: plan.delete.length }, "replica set synced");
  }
  return requeue(plan);
}

/** Pods a ReplicaSet may claim: an orphan with no controller whose labels match one's selector. */
function adopters(pod: ApiObject, caches: Caches): string[] {
  if (controllerOf(pod) || pod.metadata.deletionTimestamp) return [];
  return selecting<ReplicaSet>(caches, "ReplicaSet", pod).filter((rs) => !rs.metadata.deletionTimestamp).map(keyOf);
}

/** The pods the plan needs: those the ReplicaSet owns (to keep or release) and those its selector matches (to adopt). */
function candidatePods(rs: ReplicaSet, caches: Caches): Pod[] {
  const owned = ownedBy<Pod>(caches, "Pod", rs.metadata.uid);
  const selector = selectorFromLabelSelector(rs.spec.selector); // invalid: planReplicaSet says so
  return selector.isEmpty() ? owned : union(owned, selectedBy<Pod>(caches, "Pod", rs.metadata.namespace, selector));
}

function requeue(plan: ReplicaSetPlan): ReconcileResult | void {
  return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs + 50 } : undefined;
}

/** The plan and its batch, with the largest burst (halved from BURST_REPLICAS) whose batch fits one commit. */
function planBatch(rs: ReplicaSet, pods: Pod[], now: Date, key: string): { plan: ReplicaSetPlan; created: Pod[]; ops: WriteOp[] } {
  for (let burst = BURST_REPLICAS; ; burst = Math.ceil(burst / 2)) {
    let plan: ReplicaSetPlan;
    try {
      plan = planReplicaSet(rs, pods, now, burst);
    } catch (err) {
      if (err instanceof ValidationError) throw new TerminalError(`ReplicaSet ${key}: ${err.message}`, { cause: err });
      throw err;
    }
    const created = plan.create > 0 ? Array.from({ length: plan.create }, () => podFromTemplate(rs, generateName(rs.metadata.name), randomUUID(), now)) : [];
    const ops: WriteOp[] = [
      ...plan.adopt.map((object): WriteOp => ({ type: "update", object })),
      ...plan.release.map((object): WriteOp => ({ type: "update", object })),
      ...created.map((object): WriteOp => ({ type: "create", object })),
      // No resourceVersion: a surplus pod goes even if its status changed since we read it.
      ...plan.delete.map((pod): WriteOp => ({ type: "delete", ref: refOf(pod) })),
    ];
    if (plan.status) ops.push({ type: "update", object: { ...rs, status: plan.status } });
    if (burst === 1 || fitsOneCommit(ops)) return { plan, created, ops };
  }
}
