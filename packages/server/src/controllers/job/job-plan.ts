// The Job's decision: given the Job and the pods it owns, what to write. Pure:
// (desired, observed, now) -> actions (Kubernetes' job controller, syncJob and manageJob).
//
//   finished (Complete/Failed)   delete any pod still active; past ttlSecondsAfterFinished,
//                                delete the Job (its pods go with it: the garbage collector)
//   suspended                    delete the active pods, condition Suspended
//   too many failures            Failed, BackoffLimitExceeded: delete the active pods
//   past activeDeadlineSeconds   Failed, DeadlineExceeded: delete the active pods
//   enough successes             Complete, completionTime
//   otherwise                    keep min(parallelism, completions - succeeded) pods active:
//                                create the missing (after the failure backoff), delete surplus
//
// Never more than parallelism pods active and never more successes than completions are
// planned: a pod is only created for work no active or succeeded pod already covers. Finished
// pods are kept, for their logs, until the Job is deleted. Counts only grow: a finished pod a
// user deleted stays counted in the status.
import { isDeepStrictEqual } from "node:util";
import { completionIndexOf, type Job, type JobCondition, type JobStatus, type Pod } from "@skiff/api";
import { podsToDelete } from "../replicaset/pod-ranking.js";
import { BURST_REPLICAS } from "../replicaset/replicaset-plan.js";
import { isActive, isReady } from "../replicaset/pod-state.js";
import { REASONS, finishedCondition, isSuspendedCondition, setCondition } from "./conditions.js";
import { formatCompletedIndexes, parseCompletedIndexes } from "./completed-indexes.js";
import { failureBackoffMs, pastBackoffLimitOnFailure } from "./pod-failures.js";

export interface JobEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

export interface JobPlan {
  /** One entry per pod to create: its completion index (Indexed) or undefined. */
  create: (number | undefined)[];
  /** Active pods to delete. */
  delete: Pod[];
  /** The new status, or undefined when it would not change. */
  status?: JobStatus;
  /** ttlSecondsAfterFinished has passed: delete the Job itself. */
  deleteJob: boolean;
  events: JobEvent[];
  /** Look again then: a deadline, the end of a failure backoff, the TTL. */
  requeueAfterMs?: number;
}

const isIndexed = (job: Job) => job.spec.completionMode === "Indexed";
const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : NaN);

function minDefined(...values: (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  return defined.length ? Math.max(0, Math.min(...defined)) : undefined;
}

/** What the pods say: active, succeeded and failed, with the counts kept in the status. */
function observe(job: Job, pods: readonly Pod[]) {
  const active = pods.filter(isActive);
  const succeededPods = pods.filter((p) => p.status?.phase === "Succeeded");
  const failedPods = pods.filter((p) => p.status?.phase === "Failed");
  const completions = job.spec.completions;
  let completed: Set<number> | undefined;
  let succeeded: number;
  if (isIndexed(job) && completions !== undefined) {
    completed = parseCompletedIndexes(job.status?.completedIndexes);
    for (const p of succeededPods) {
      const i = completionIndexOf(p);
      if (i !== undefined && i < completions) completed.add(i);
    }
    for (const i of completed) if (i >= completions) completed.delete(i);
    succeeded = completed.size;
  } else {
    succeeded = Math.max(job.status?.succeeded ?? 0, succeededPods.length);
  }
  const failed = Math.max(job.status?.failed ?? 0, failedPods.length);
  return { active, failedPods, succeeded, failed, completed };
}

/** Indexed: active pods that must go (index done, out of range, or a second pod for one index). */
function invalidIndexed(active: readonly Pod[], completed: Set<number>, completions: number): Pod[] {
  const seen = new Set<number>();
  const out: Pod[] = [];
  for (const p of [...active].sort((a, b) => (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? ""))) {
    const i = completionIndexOf(p);
    if (i === undefined || i >= completions || completed.has(i) || seen.has(i)) out.push(p);
    else seen.add(i);
  }
  return out;
}

/** @param burst at most this many new pods (a smaller one when a batch must fit one etcd transaction). */
export function planJob(job: Job, pods: readonly Pod[], now: Date, burst = BURST_REPLICAS): JobPlan {
  const plan: JobPlan = { create: [], delete: [], deleteJob: false, events: [] };
  if (job.metadata.deletionTimestamp) return plan;
  const seen = observe(job, pods);
  const status: JobStatus = { ...job.status };
  let conditions: JobCondition[] = [...(job.status?.conditions ?? [])];
  let requeue: number | undefined;

  const done = finishedCondition(job);
  if (done) {
    // Finished: nothing runs again. Stragglers (a delete that failed) go; the TTL counts down.
    plan.delete = seen.active;
    const ttl = job.spec.ttlSecondsAfterFinished;
    if (ttl !== undefined) {
      const finishedAt = ms(job.status?.completionTime ?? done.lastTransitionTime);
      const left = Number.isFinite(finishedAt) ? finishedAt + ttl * 1000 - now.getTime() : 0;
      if (left <= 0) plan.deleteJob = true;
      else requeue = left;
    }
  } else if (job.spec.suspend) {
    plan.delete = seen.active;
    if (!isSuspendedCondition(job)) plan.events.push({ type: "Normal", reason: "Suspended", message: "Job suspended" });
    conditions = setCondition(conditions, "Suspended", "True", REASONS.suspended, now);
  } else {
    if (isSuspendedCondition(job)) {
      // Resumed: the deadline counts from now, as in Kubernetes.
      conditions = setCondition(conditions, "Suspended", "False", REASONS.resumed, now);
      plan.events.push({ type: "Normal", reason: "Resumed", message: "Job resumed" });
      status.startTime = now.toISOString();
    }
    status.startTime ??= now.toISOString();
    const failure = failureOf(job, seen, pods, now, status.startTime);
    if (failure) {
      plan.delete = seen.active;
      conditions = setCondition(conditions, "Failed", "True", failure, now);
      plan.events.push({ type: "Warning", reason: failure.reason, message: failure.message });
    } else {
      requeue = manage(job, seen, now, plan, burst);
      const remaining = seen.active.length - plan.delete.length + plan.create.length;
      const completions = job.spec.completions;
      const complete = completions === undefined ? seen.succeeded > 0 && remaining === 0 : seen.succeeded >= completions && remaining === 0;
      if (complete) {
        conditions = setCondition(conditions, "Complete", "True", REASONS.completions, now);
        status.completionTime = now.toISOString();
        plan.events.push({ type: "Normal", reason: "Completed", message: "Job completed" });
      }
      const deadline = job.spec.activeDeadlineSeconds;
      if (!complete && deadline !== undefined) requeue = minDefined(requeue, ms(status.startTime) + deadline * 1000 - now.getTime());
    }
  }

  const remaining = seen.active.filter((p) => !plan.delete.includes(p));
  status.active = remaining.length + plan.create.length;
  status.ready = remaining.filter(isReady).length;
  status.succeeded = seen.succeeded;
  status.failed = seen.failed;
  if (seen.completed) status.completedIndexes = formatCompletedIndexes(seen.completed);
  if (conditions.length) status.conditions = conditions;
  plan.status = isDeepStrictEqual(status, job.status ?? {}) ? undefined : status;
  // A finished Job's TTL, a running one's deadline or failure backoff: a timer, not polling.
  if (requeue !== undefined) plan.requeueAfterMs = requeue;
  return plan;
}

/** Failed by backoffLimit or activeDeadlineSeconds, with Kubernetes' reason, or undefined. */
function failureOf(job: Job, seen: ReturnType<typeof observe>, pods: readonly Pod[], now: Date, startTime: string | undefined) {
  const limit = job.spec.backoffLimit ?? 6;
  if (seen.failed > limit || pastBackoffLimitOnFailure(job, pods)) return REASONS.backoff;
  const deadline = job.spec.activeDeadlineSeconds;
  const started = ms(startTime);
  if (deadline !== undefined && Number.isFinite(started) && now.getTime() - started >= deadline * 1000) return REASONS.deadline;
  return undefined;
}

/** Creates and deletes toward the wanted number of active pods; returns the backoff wait, if any. */
function manage(job: Job, seen: ReturnType<typeof observe>, now: Date, plan: JobPlan, burst: number): number | undefined {
  const parallelism = job.spec.parallelism ?? 1;
  const completions = job.spec.completions;
  let active = seen.active;
  if (seen.completed && completions !== undefined) {
    plan.delete = invalidIndexed(active, seen.completed, completions);
    active = active.filter((p) => !plan.delete.includes(p));
  }
  let want: number;
  if (completions === undefined) want = seen.succeeded > 0 ? active.length : parallelism;
  else want = Math.min(parallelism, Math.max(0, completions - seen.succeeded));
  if (active.length > want) {
    plan.delete = [...plan.delete, ...podsToDelete(active, active.length - want)];
    return undefined;
  }
  // At most `burst` (BURST_REPLICAS) new pods per pass, as Kubernetes' job controller (its MaxBatchSize).
  const missing = Math.min(want - active.length, burst);
  if (missing === 0) return undefined;
  const wait = failureBackoffMs(seen.failed, seen.failedPods, now);
  if (wait > 0) return wait;
  if (!seen.completed) {
    plan.create = Array.from({ length: missing }, () => undefined);
    return undefined;
  }
  const running = new Set(active.map(completionIndexOf));
  for (let i = 0; plan.create.length < missing && i < (completions ?? 0); i++) {
    if (!seen.completed.has(i) && !running.has(i)) plan.create.push(i);
  }
  return undefined;
}
