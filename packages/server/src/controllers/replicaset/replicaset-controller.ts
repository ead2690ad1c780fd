// The ReplicaSet controller's shell: read, plan (replicaset-plan.ts), write in one atomic batch.
//
// Never a duplicate pod. The informer cache lags behind our own writes: a reconcile that ran
// just after creating 3 pods could see 0 in the cache and create 3 more. Kubernetes answers with
// "expectations" (remember what you wrote until the cache shows it). We read the ReplicaSet and
// its namespace's pods from the store instead: a store list is consistent and sees every write
// that has returned, and the work queue never gives one key to two workers, so each reconcile
// starts from the truth. It costs one range read per reconcile, cheap at skiff's scale, and keeps
// nothing in memory (a crash loses nothing). The informers only tell us *when* to look.
//
// One batch: adoptions, releases, creates, deletes and the status go in one `commit`. Either all
// are written or none (a Conflict because a pod or the ReplicaSet changed under us): then the
// key is retried from a fresh read.
import { randomUUID } from "node:crypto";
import { AlreadyExistsError, ConflictError, NotFoundError, ValidationError, refOf, type Pod, type ReplicaSet } from "@skiff/api";
import type { WriteOp } from "@skiff/store";
import { TerminalError, type ControllerDefinition, type ReconcileContext, type ReconcileResult } from "../framework/controller.js";
import { keyOf, ownerKeys, splitKey } from "../owners.js";
import { generateName, podFromTemplate } from "./pod-template.js";
import { planReplicaSet, type ReplicaSetPlan } from "./replicaset-plan.js";

export const replicaSetController: ControllerDefinition = {
  name: "replicaset",
  watches: [
    { kind: "ReplicaSet", keysFor: (rs) => [keyOf(rs)] },
    // A pod wakes its owner. An orphan wakes nobody (keysFor sees only the pod, not the cache
    // of ReplicaSets): it is adopted the next time a matching ReplicaSet reconciles.
    { kind: "Pod", keysFor: ownerKeys("ReplicaSet") },
  ],
  reconcile: reconcileReplicaSet,
};

export async function reconcileReplicaSet(key: string, ctx: ReconcileContext): Promise<ReconcileResult | void> {
  const { namespace, name } = splitKey(key);
  const rs = (await ctx.store.get({ kind: "ReplicaSet", namespace, name })) as ReplicaSet | undefined;
  if (!rs) return;
  const pods = (await ctx.store.list("Pod", { namespace })).items as Pod[];
  let plan: ReplicaSetPlan;
  try {
    plan = planReplicaSet(rs, pods, ctx.now());
  } catch (err) {
    if (err instanceof ValidationError) throw new TerminalError(`ReplicaSet ${key}: ${err.message}`, { cause: err });
    throw err;
  }
  const created = plan.create > 0 ? Array.from({ length: plan.create }, () => podFromTemplate(rs, generateName(name), randomUUID(), ctx.now())) : [];
  const ops: WriteOp[] = [
    ...plan.adopt.map((object): WriteOp => ({ type: "update", object })),
    ...plan.release.map((object): WriteOp => ({ type: "update", object })),
    ...created.map((object): WriteOp => ({ type: "create", object })),
    // No resourceVersion: a surplus pod goes even if its status changed since we read it.
    ...plan.delete.map((pod): WriteOp => ({ type: "delete", ref: refOf(pod) })),
  ];
  if (plan.status) ops.push({ type: "update", object: { ...rs, status: plan.status } });
  if (ops.length === 0) return requeue(plan);
  try {
    await ctx.store.commit(ops);
  } catch (err) {
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

function requeue(plan: ReplicaSetPlan): ReconcileResult | void {
  return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs + 50 } : undefined;
}
