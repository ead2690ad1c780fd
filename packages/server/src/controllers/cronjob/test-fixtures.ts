// Builders for CronJob test cases. Test code only.
import type { CronJob, CronJobSpec, CronJobStatus, Job, JobStatus } from "@skiff/api";
import { planCronJob } from "./cronjob-plan.js";
import { jobNameFor } from "./schedule-times.js";

/** Created at midnight UTC, 1 January 2026. */
export const T0 = new Date("2026-01-01T00:00:00Z");
export const min = (m: number, s = 0) => new Date(T0.getTime() + m * 60_000 + s * 1000);

export function cronJob(spec: Partial<CronJobSpec> = {}, status?: CronJobStatus): CronJob {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "hello", namespace: "default", uid: "uid-hello", creationTimestamp: T0.toISOString() },
    spec: {
      schedule: "* * * * *",
      concurrencyPolicy: "Allow",
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        metadata: { labels: { app: "hello" } },
        spec: { completions: 1, parallelism: 1, backoffLimit: 6, template: { spec: { containers: [{ name: "c", image: "busybox" }], restartPolicy: "OnFailure" } } },
      },
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}

/** The Job the CronJob made for minute `m`, with this status. */
export function jobAt(m: number, status: JobStatus = { active: 1, startTime: min(m).toISOString() }): Job {
  const name = jobNameFor("hello", min(m));
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name,
      namespace: "default",
      uid: `uid-${name}`,
      ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "hello", uid: "uid-hello", controller: true }],
    },
    spec: { template: { spec: { containers: [{ name: "c", image: "busybox" }], restartPolicy: "OnFailure" } } },
    status,
  };
}

export const done = (m: number, type: "Complete" | "Failed" = "Complete", end = m + 0.5): JobStatus => ({
  startTime: min(m).toISOString(),
  ...(type === "Complete" ? { completionTime: new Date(min(end).getTime()).toISOString() } : {}),
  conditions: [{ type, status: "True" }],
});

export const refOf = (job: Job) => ({ apiVersion: "batch/v1", kind: "Job", namespace: "default", name: job.metadata.name, uid: job.metadata.uid });

let uids = 0;
export const plan = (cj: CronJob, jobs: Job[], now: Date) => planCronJob(cj, jobs, now, { defaultTimeZone: "UTC", newUid: () => `uid-new-${uids++}` });
