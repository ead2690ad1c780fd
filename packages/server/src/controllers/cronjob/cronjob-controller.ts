// The CronJob controller's shell: read, plan (cronjob-plan.ts), write.
//
// The Jobs are found by the owner-uid index. A run's Job and the status that records it
// (active, lastScheduleTime) go in one atomic commit, so a crash never leaves a Job the status
// forgot; and the Job's name is fixed by its scheduled time, so even a stale read can never
// make a run twice: the store refuses a second Job of that name (AlreadyExists), and the run is
// then recorded as done. Jobs to delete (Replace, history limits) go first, as the API would
// delete them (their pods follow, by the garbage collector).
//
// No polling: the plan returns the time until the next scheduled time, and the work queue
// brings the key back then. A change to the CronJob or to one of its Jobs wakes it earlier.
import { randomUUID } from "node:crypto";
import { AlreadyExistsError, NotFoundError, localTimeZone, type CronJob, type Job } from "@skiff/api";
import type { WriteOp } from "@skiff/store";
import { deleteObject } from "../../objects/deletion.js";
import type { ControllerDefinition, ReconcileContext, ReconcileResult } from "../framework/controller.js";
import { ownedBy } from "../framework/lookups.js";
import { isControlledBy, keyOf, ownerKeys, splitKey } from "../owners.js";
import { planCronJob, type CronJobPlan } from "./cronjob-plan.js";

export const cronJobController: ControllerDefinition = {
  name: "cronjob",
  watches: [
    { kind: "CronJob", keysFor: (cj) => [keyOf(cj)] },
    { kind: "Job", keysFor: ownerKeys("CronJob") },
  ],
  reconcile: reconcileCronJob,
};

export async function reconcileCronJob(key: string, ctx: ReconcileContext): Promise<ReconcileResult | void> {
  const { namespace, name } = splitKey(key);
  const cj = (await ctx.store.get({ kind: "CronJob", namespace, name })) as CronJob | undefined;
  if (!cj) return;
  const jobs = ownedBy<Job>(ctx.informers, "Job", cj.metadata.uid).filter((j) => isControlledBy(j, cj));
  const plan = planCronJob(cj, jobs, ctx.now(), { defaultTimeZone: localTimeZone(), newUid: randomUUID });

  for (const job of plan.delete) {
    try {
      await deleteObject(ctx.store, job, { now: ctx.now() });
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  const ops: WriteOp[] = [];
  if (plan.create) ops.push({ type: "create", object: plan.create });
  if (plan.status) ops.push({ type: "update", object: { ...cj, status: plan.status } });
  if (ops.length > 0) {
    try {
      await ctx.store.commit(ops);
    } catch (err) {
      if (!(plan.create && err instanceof AlreadyExistsError)) {
        if (plan.create && !(err instanceof NotFoundError)) ctx.events.record(cj, "Warning", "FailedCreate", `Error creating job: ${(err as Error).message}`);
        throw err;
      }
      await recordRunDone(cj, plan, ctx);
      return requeue(plan);
    }
  }
  for (const e of plan.events) ctx.events.record(cj, e.type, e.reason, e.message);
  if (plan.create || plan.delete.length) {
    ctx.log.info({ cronJob: key, created: plan.create?.metadata.name, deleted: plan.delete.map((j) => j.metadata.name) }, "cron job synced");
  }
  return requeue(plan);
}

/**
 * The run's Job exists already (made by someone else, or by us before a restart that a stale
 * cache hides): as Kubernetes does, take the run as done, so it is not tried again.
 */
async function recordRunDone(cj: CronJob, plan: CronJobPlan, ctx: ReconcileContext): Promise<void> {
  const created = plan.create!;
  const active = (plan.status?.active ?? []).filter((r) => r.name !== created.metadata.name);
  const status = { ...plan.status, ...(active.length ? { active } : {}) };
  if (!active.length) delete status.active;
  await ctx.store.commit([{ type: "update", object: { ...cj, status } }]);
  ctx.log.info({ cronJob: keyOf(cj), job: created.metadata.name }, "job already exists; run recorded as done");
}

function requeue(plan: CronJobPlan): ReconcileResult | void {
  return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs } : undefined;
}
