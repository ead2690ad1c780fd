import { describe, expect, it } from "vitest";
import type { CronJob, Job } from "@skiff/api";
import { describeObject } from "./index.js";

const template = { spec: { containers: [{ name: "pi", image: "busybox" }], restartPolicy: "Never" as const } };

describe("describe job, cronjob", () => {
  it("gives a Job's settings, pod counts and conditions, as kubectl does", () => {
    const job: Job = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "pi", namespace: "default", creationTimestamp: "2024-05-01T12:00:00Z" },
      spec: { completions: 5, parallelism: 2, backoffLimit: 2, completionMode: "Indexed", selector: { matchLabels: { "batch.kubernetes.io/controller-uid": "u" } }, template },
      status: {
        startTime: "2024-05-01T12:00:00Z",
        completionTime: "2024-05-01T12:00:42Z",
        succeeded: 5,
        failed: 1,
        completedIndexes: "0-4",
        conditions: [{ type: "Complete", status: "True", reason: "CompletionsReached" }],
      },
    };
    const text = describeObject(job, { now: Date.parse("2024-05-01T13:00:00Z") });
    for (const line of [
      /Selector:\s+batch.kubernetes.io\/controller-uid=u/,
      /Parallelism:\s+2/,
      /Completions:\s+5/,
      /Completion Mode:\s+Indexed/,
      /Backoff Limit:\s+2/,
      /Duration:\s+42s/,
      /Pods Statuses:\s+0 Active \(0 Ready\) \/ 5 Succeeded \/ 1 Failed/,
      /Completed Indexes:\s+0-4/,
      /Complete\s+True\s+CompletionsReached/,
    ]) {
      expect(text).toMatch(line);
    }
  });

  it("gives a CronJob's schedule, policies and active Jobs", () => {
    const cj: CronJob = {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "hello", namespace: "default" },
      spec: { schedule: "*/5 * * * *", concurrencyPolicy: "Forbid", suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, jobTemplate: { spec: { template } } },
      status: { active: [{ name: "hello-29000000" }], lastScheduleTime: "2024-05-01T12:00:00Z" },
    };
    const text = describeObject(cj);
    for (const line of [/Schedule:\s+\*\/5 \* \* \* \*/, /Concurrency Policy:\s+Forbid/, /Suspend:\s+False/, /Starting Deadline Seconds:\s+<unset>/, /Active Jobs:\s+hello-29000000/]) {
      expect(text).toMatch(line);
    }
  });
});
