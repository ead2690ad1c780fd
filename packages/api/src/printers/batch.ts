// Cells for Jobs and CronJobs, by kubectl's rules (printers.go printJob, printCronJob).
import type { CronJob, Job } from "../types.js";
import { age, humanDuration } from "./age.js";
import { NONE } from "./labels.js";

const hasCondition = (job: Job, type: string) => !!job.status?.conditions?.some((c) => c.type === type && c.status === "True");

/** STATUS: Complete, Failed, Terminating, Suspended, or Running, in kubectl's order of precedence. */
export function jobStatus(job: Job): string {
  if (hasCondition(job, "Complete")) return "Complete";
  if (hasCondition(job, "Failed")) return "Failed";
  if (job.metadata.deletionTimestamp) return "Terminating";
  if (hasCondition(job, "Suspended")) return "Suspended";
  if (hasCondition(job, "FailureTarget")) return "FailureTarget";
  if (hasCondition(job, "SuccessCriteriaMet")) return "SuccessCriteriaMet";
  return "Running";
}

/** COMPLETIONS: `3/5`; without completions (a work queue) `0/1`, or `0/1 of 3` with parallelism 3. */
export function jobCompletions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** DURATION: from start to completion, or to now while it runs; empty before it starts. */
export function jobDuration(job: Job, now: number): string {
  const start = job.status?.startTime ? Date.parse(job.status.startTime) : NaN;
  if (Number.isNaN(start)) return "";
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now;
  return humanDuration(end - start);
}

/** TIMEZONE: spec.timeZone, or <none> (the server's own zone). */
export function cronJobTimeZone(cj: CronJob): string {
  return cj.spec?.timeZone ?? NONE;
}

/** SUSPEND: `True` or `False` (`<unset>` before defaults). */
export function cronJobSuspend(cj: CronJob): string {
  const s = cj.spec?.suspend;
  return s === undefined ? "<unset>" : s ? "True" : "False";
}

/** LAST SCHEDULE: how long ago a Job was last scheduled, or <none>. */
export function cronJobLastSchedule(cj: CronJob, now: number): string {
  return cj.status?.lastScheduleTime ? age(cj.status.lastScheduleTime, now) : NONE;
}

/** ACTIVE: how many of its Jobs run. */
export function cronJobActive(cj: CronJob): number {
  return cj.status?.active?.length ?? 0;
}
