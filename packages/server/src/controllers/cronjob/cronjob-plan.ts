// The CronJob's decision: given the CronJob, the Jobs it owns and the clock, what to write.
// Pure (Kubernetes' cronjob controller v2, syncCronJob and cleanupFinishedJobs).
//
//   status.active     drop the Jobs that finished (SawCompletedJob) or are gone (MissingJob);
//                     lastSuccessfulTime = the latest completionTime of a Job that completed
//   history           delete the oldest finished Jobs beyond successfulJobsHistoryLimit and
//                     failedJobsHistoryLimit (by start time)
//   suspend, a bad schedule or time zone: start nothing
//   the most recent scheduled time since lastScheduleTime (schedule-times.ts); none -> wait
//     more than 100 missed          -> TooManyMissedTimes warning, only the latest runs
//     older than startingDeadlineSeconds -> MissSchedule, skipped
//     already run (its Job's name is active, or it is lastScheduleTime) -> wait
//     Forbid and a Job active       -> JobAlreadyActive, not started (retried until too late)
//     Replace                       -> delete the active Jobs first
//   create `<cronjob>-<minutes since the epoch>`, active += it, lastScheduleTime = its time
//   requeueAfterMs: until the next scheduled time (a timer, never polling)
import { isDeepStrictEqual } from "node:util";
import { ScheduleError, parseSchedule, type CronJob, type CronJobStatus, type Job, type ObjectReference } from "@skiff/api";
import { jobForSchedule } from "./job-template.js";
import { MAX_MISSED, earliestTime, jobNameFor, mostRecentScheduleTime } from "./schedule-times.js";

export interface CronJobEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

export interface CronJobPlan {
  /** The Job to create for the scheduled time that is due, if one is. */
  create?: Job;
  /** Jobs to delete (Replace, history limits), each with its event already in `events`. */
  delete: Job[];
  status?: CronJobStatus;
  events: CronJobEvent[];
  requeueAfterMs?: number;
}

export interface CronJobOptions {
  /** The zone of a CronJob without spec.timeZone: the server's own, as Kubernetes does. */
  defaultTimeZone: string;
  /** The uid of the Job it would create. */
  newUid: () => string;
}

/** Complete or Failed, and which. */
export function finishedAs(job: Job): "Complete" | "Failed" | undefined {
  const c = job.status?.conditions?.find((x) => (x.type === "Complete" || x.type === "Failed") && x.status === "True");
  return c?.type as "Complete" | "Failed" | undefined;
}

function refTo(job: Job): ObjectReference {
  return { apiVersion: "batch/v1", kind: "Job", namespace: job.metadata.namespace, name: job.metadata.name, uid: job.metadata.uid };
}

export function planCronJob(cj: CronJob, jobs: readonly Job[], now: Date, options: CronJobOptions): CronJobPlan {
  const timeZone = cj.spec.timeZone ?? options.defaultTimeZone;
  const plan: CronJobPlan = { delete: [], events: [] };
  const status: CronJobStatus = { ...cj.status };
  let active = reconcileActive(cj, jobs, status, plan);

  const remove = (job: Job) => {
    plan.delete.push(job);
    plan.events.push({ type: "Normal", reason: "SuccessfulDelete", message: `Deleted job ${job.metadata.name}` });
    active = active.filter((r) => r.uid !== job.metadata.uid);
  };

  const finish = (): CronJobPlan => {
    if (active.length > 0) status.active = active;
    else delete status.active;
    plan.status = isDeepStrictEqual(status, cj.status ?? {}) ? undefined : status;
    return plan;
  };

  if (cj.metadata.deletionTimestamp) return finish();
  for (const job of oldestFinished(cj, jobs)) remove(job);

  let schedule;
  try {
    schedule = parseSchedule(cj.spec.schedule, timeZone);
  } catch (e) {
    const why = e instanceof ScheduleError ? e.message : String(e);
    const bad = cj.spec.timeZone !== undefined && why.startsWith("unknown time zone");
    plan.events.push(bad ? { type: "Warning", reason: "UnknownTimeZone", message: `invalid timeZone: "${timeZone}": ${why}` } : { type: "Warning", reason: "UnparseableSchedule", message: `unparseable schedule: "${cj.spec.schedule}" : ${why}` });
    return finish();
  }
  if (cj.spec.suspend) return finish();

  const wake = () => {
    plan.requeueAfterMs = Math.max(0, schedule.next(now).getTime() - now.getTime()) + 100;
    return finish();
  };
  const earliest = earliestTime(cj.status?.lastScheduleTime, cj.metadata.creationTimestamp, cj.spec.startingDeadlineSeconds, now);
  const due = mostRecentScheduleTime(earliest, now, schedule);
  if (!due.time) return wake();
  if (due.missed > MAX_MISSED) {
    plan.events.push({ type: "Warning", reason: "TooManyMissedTimes", message: `too many missed start times: ${due.missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew` });
  }
  const scheduled = due.time;
  const deadline = cj.spec.startingDeadlineSeconds;
  if (deadline !== undefined && scheduled.getTime() + deadline * 1000 < now.getTime()) {
    plan.events.push({ type: "Warning", reason: "MissSchedule", message: `Missed scheduled time to start a job: ${scheduled.toISOString()}` });
    return wake();
  }
  const name = jobNameFor(cj.metadata.name, scheduled);
  const ran = active.some((r) => r.name === name) || (cj.status?.lastScheduleTime !== undefined && Date.parse(cj.status.lastScheduleTime) === scheduled.getTime());
  if (ran) return wake();
  const policy = cj.spec.concurrencyPolicy ?? "Allow";
  if (policy === "Forbid" && active.length > 0) {
    plan.events.push({ type: "Normal", reason: "JobAlreadyActive", message: "Not starting job because prior execution is running and concurrency policy is Forbid" });
    return wake();
  }
  if (policy === "Replace") {
    for (const ref of active) {
      const job = jobs.find((j) => j.metadata.uid === ref.uid);
      if (job && !plan.delete.includes(job)) remove(job);
    }
  }
  plan.create = jobForSchedule(cj, scheduled, timeZone, options.newUid(), now);
  active = [...active, refTo(plan.create)];
  status.lastScheduleTime = scheduled.toISOString();
  plan.events.push({ type: "Normal", reason: "SuccessfulCreate", message: `Created job ${name}` });
  return wake();
}

/** status.active as the Jobs are: finished and missing ones dropped; lastSuccessfulTime advanced. */
function reconcileActive(cj: CronJob, jobs: readonly Job[], status: CronJobStatus, plan: CronJobPlan): ObjectReference[] {
  const byUid = new Map(jobs.map((j) => [j.metadata.uid, j]));
  const active: ObjectReference[] = [];
  for (const ref of cj.status?.active ?? []) {
    const job = byUid.get(ref.uid) ?? jobs.find((j) => ref.uid === undefined && j.metadata.name === ref.name);
    if (!job) {
      plan.events.push({ type: "Normal", reason: "MissingJob", message: `Active job went missing: ${ref.name}` });
      continue;
    }
    const done = finishedAs(job);
    if (done) plan.events.push({ type: "Normal", reason: "SawCompletedJob", message: `Saw completed job: ${job.metadata.name}, condition: ${done}` });
    else active.push(ref.uid ? ref : refTo(job));
  }
  const listed = new Set(active.map((r) => r.uid));
  for (const job of jobs) {
    const done = finishedAs(job);
    if (!done && !listed.has(job.metadata.uid)) {
      plan.events.push({ type: "Warning", reason: "UnexpectedJob", message: `Saw a job that the controller did not create or forgot: ${job.metadata.name}` });
    }
    const completed = job.status?.completionTime;
    if (done === "Complete" && completed && (!status.lastSuccessfulTime || Date.parse(completed) > Date.parse(status.lastSuccessfulTime))) {
      status.lastSuccessfulTime = completed;
    }
  }
  return active;
}

/** The finished Jobs beyond the history limits, oldest first (by start time, then name). */
function oldestFinished(cj: CronJob, jobs: readonly Job[]): Job[] {
  const start = (j: Job) => (j.status?.startTime ? Date.parse(j.status.startTime) : Number.POSITIVE_INFINITY);
  const byStart = (a: Job, b: Job) => start(a) - start(b) || (a.metadata.name < b.metadata.name ? -1 : 1);
  const over = (kind: "Complete" | "Failed", limit: number | undefined): Job[] => {
    if (limit === undefined) return [];
    const done = jobs.filter((j) => finishedAs(j) === kind && !j.metadata.deletionTimestamp).sort(byStart);
    return done.slice(0, Math.max(0, done.length - limit));
  };
  return [...over("Complete", cj.spec.successfulJobsHistoryLimit), ...over("Failed", cj.spec.failedJobsHistoryLimit)];
}
