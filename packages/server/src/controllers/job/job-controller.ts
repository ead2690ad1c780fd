// The Job controller's shell: read, plan (job-plan.ts), write in one atomic batch.
//
// Never more than parallelism pods, never more than completions successes: the plan only
// creates pods for work that no active or succeeded pod covers, and the pods it sees are all
// of them. The framework waits, before each reconcile, until the caches show this controller's
// own writes (own-writes.ts: Kubernetes' "expectations"), and one key is never reconciled by
// two workers at once. Pods are found by the owner-uid index, never by walking the namespace.
//
// One batch: the new pods, the deleted ones and the status go in one `commit` (compare-and-swap
// on the Job), so a crash never leaves pods the status does not count. Deadlines (the TTL,
// activeDeadlineSeconds, the failure backoff) come back as `requeueAfterMs`: a timer per Job.
import { randomUUID } from "node:crypto";
import { AlreadyExistsError, ConflictError, NotFoundError, type Job, type Pod } from "@skiff/api";
import type { WriteOp } from "@skiff/store";
import { batchThatFits } from "../framework/fit-one-commit.js";
import { deleteObject } from "../../objects/deletion.js";
import type { ControllerDefinition, ReconcileContext, ReconcileResult } from "../framework/controller.js";
import { ownedBy } from "../framework/lookups.js";
import { isControlledBy, keyOf, ownerKeys, splitKey } from "../owners.js";
import { planJob, type JobPlan } from "./job-plan.js";
import { BURST_REPLICAS } from "../replicaset/replicaset-plan.js";
import { jobPodName, podForJob } from "./pod-template.js";

export const jobController: ControllerDefinition = {
  name: "job",
  watches: [
    { kind: "Job", keysFor: (job) => [keyOf(job)] },
    { kind: "Pod", keysFor: ownerKeys("Job") },
  ],
  reconcile: reconcileJob,
};

export async function reconcileJob(key: string, ctx: ReconcileContext): Promise<ReconcileResult | void> {
  const { namespace, name } = splitKey(key);
  const job = (await ctx.store.get({ kind: "Job", namespace, name })) as Job | undefined;
  if (!job) return;
  const pods = ownedBy<Pod>(ctx.informers, "Pod", job.metadata.uid).filter((p) => isControlledBy(p, job));
  const { plan, created, deleted, ops } = planBatch(job, pods, ctx.now());
  if (plan.deleteJob) return expire(job, ctx);

  if (ops.length > 0) {
    try {
      await ctx.store.commit(ops);
    } catch (err) {
      if (created.length > 0 && !(err instanceof ConflictError) && !(err instanceof NotFoundError)) {
        const message = err instanceof AlreadyExistsError ? `pod name taken: ${err.message}` : (err as Error).message;
        ctx.events.record(job, "Warning", "FailedCreate", `Error creating: ${message}`);
      }
      throw err;
    }
  }
  for (const pod of created) ctx.events.record(job, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name}`);
  for (const pod of deleted) ctx.events.record(job, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`);
  for (const e of plan.events) ctx.events.record(job, e.type, e.reason, e.message);
  if (created.length || deleted.length || plan.events.length) {
    ctx.log.info({ job: key, created: created.length, deleted: deleted.length, succeeded: plan.status?.succeeded, failed: plan.status?.failed }, "job synced");
  }
  return requeue(plan);
}

/** ttlSecondsAfterFinished has passed: delete the Job as Kubernetes' TTL controller does (foreground: its pods first). */
async function expire(job: Job, ctx: ReconcileContext): Promise<void> {
  try {
    await deleteObject(ctx.store, job, { policy: "foreground", now: ctx.now(), resourceVersion: job.metadata.resourceVersion });
  } catch (err) {
    if (err instanceof NotFoundError) return;
    throw err;
  }
  ctx.log.info({ job: keyOf(job), ttlSeconds: job.spec.ttlSecondsAfterFinished }, "finished job deleted after its TTL");
}

function requeue(plan: JobPlan): ReconcileResult | void {
  // +50 ms: wake just past the deadline, never just before it.
  return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs + 50 } : undefined;
}

/**
 * The plan and its batch, with the largest burst (halved from BURST_REPLICAS) whose batch fits one
 * commit on etcd (128 objects, about 1.5 MiB): the new pods' events bring the Job back for the rest.
 * Deletes (a failed Job's running pods) go likewise, as many as fit.
 */
function planBatch(job: Job, pods: Pod[], now: Date): { plan: JobPlan; created: Pod[]; deleted: Pod[]; ops: WriteOp[] } {
  for (let burst = BURST_REPLICAS; ; burst = Math.ceil(burst / 2)) {
    const plan = planJob(job, pods, now, burst);
    const made = plan.create.map((index) => podForJob(job, jobPodName(job, index), randomUUID(), now, index));
    const status: WriteOp[] = plan.status ? [{ type: "update", object: { ...job, status: plan.status } }] : [];
    const batch = batchThatFits(made, plan.delete, status);
    if (burst === 1 || batch.created.length === made.length) return { plan, ...batch };
  }
}
