// Jobs and CronJobs, in the order kubectl's describers print them.
import { formatLabelSelector, jobDuration, type ApiObject, type CronJob, type Job, type JobSpec } from "@skiff/api";
import { formatTimestamp } from "../age.js";
import type { DescribeContext } from "./context.js";
import { table } from "./table.js";
import { describeTemplate } from "./workloads.js";
import type { DescribeWriter } from "./writer.js";

const UNSET = "<unset>";
const orUnset = (v: number | undefined) => (v === undefined ? UNSET : v);

export function describeJob(obj: ApiObject, w: DescribeWriter, ctx: DescribeContext): void {
  const job = obj as Job;
  const sp: Partial<JobSpec> = job.spec ?? {};
  const st = job.status ?? {};
  w.field("Selector", formatLabelSelector(sp.selector));
  w.field("Parallelism", orUnset(sp.parallelism));
  w.field("Completions", orUnset(sp.completions));
  w.field("Completion Mode", sp.completionMode ?? "NonIndexed");
  w.field("Suspend", String(sp.suspend ?? false));
  w.field("Backoff Limit", orUnset(sp.backoffLimit));
  if (sp.activeDeadlineSeconds !== undefined) w.field("Active Deadline Seconds", `${sp.activeDeadlineSeconds}s`);
  if (sp.ttlSecondsAfterFinished !== undefined) w.field("TTL Seconds After Finished", sp.ttlSecondsAfterFinished);
  w.field("Start Time", formatTimestamp(st.startTime));
  w.field("Completed At", formatTimestamp(st.completionTime));
  w.field("Duration", jobDuration(job, ctx.now) || undefined);
  w.field("Pods Statuses", `${st.active ?? 0} Active (${st.ready ?? 0} Ready) / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed`);
  if (sp.completionMode === "Indexed") w.field("Completed Indexes", st.completedIndexes || "<none>");
  describeTemplate(sp.template, w);
  const conditions = st.conditions ?? [];
  if (conditions.length) w.section("Conditions", (s) => table(s, ["Type", "Status", "Reason"], conditions.map((c) => [c.type, c.status, c.reason ?? ""])));
}

export function describeCronJob(obj: ApiObject, w: DescribeWriter): void {
  const cj = obj as CronJob;
  const sp = cj.spec;
  const job: Partial<JobSpec> = sp?.jobTemplate?.spec ?? {};
  w.field("Schedule", sp?.schedule);
  if (sp?.timeZone) w.field("Time Zone", sp.timeZone);
  w.field("Concurrency Policy", sp?.concurrencyPolicy ?? "Allow");
  w.field("Suspend", sp?.suspend ? "True" : "False");
  w.field("Successful Job History Limit", orUnset(sp?.successfulJobsHistoryLimit));
  w.field("Failed Job History Limit", orUnset(sp?.failedJobsHistoryLimit));
  w.field("Starting Deadline Seconds", sp?.startingDeadlineSeconds === undefined ? UNSET : `${sp.startingDeadlineSeconds}s`);
  w.field("Selector", job.selector ? formatLabelSelector(job.selector) : UNSET);
  w.field("Parallelism", orUnset(job.parallelism));
  w.field("Completions", orUnset(job.completions));
  describeTemplate(job.template, w);
  w.field("Last Schedule Time", formatTimestamp(cj.status?.lastScheduleTime) ?? UNSET);
  w.field("Active Jobs", (cj.status?.active ?? []).map((r) => r.name).join(", ") || "<none>");
}
