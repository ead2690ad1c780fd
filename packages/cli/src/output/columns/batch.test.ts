import { describe, expect, it } from "vitest";
import type { CronJob, Job } from "@skiff/api";
import { tableHeaders, tableRow } from "./index.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const template = { spec: { containers: [{ name: "pi", image: "busybox" }], restartPolicy: "Never" as const } };

describe("skiff get jobs, cronjobs", () => {
  it("prints a Job as kubectl does: NAME STATUS COMPLETIONS DURATION AGE", () => {
    const job: Job = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "pi", creationTimestamp: "2024-05-01T11:58:00Z" },
      spec: { completions: 5, parallelism: 2, template },
      status: { succeeded: 3, active: 2, startTime: "2024-05-01T11:58:00Z" },
    };
    expect(tableHeaders("Job", {})).toEqual(["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"]);
    expect(tableRow(job, { now: NOW })).toEqual(["pi", "Running", "3/5", "2m", "2m"]);
    expect(tableRow(job, { now: NOW, wide: true }).slice(5)).toEqual(["pi", "busybox", "<none>"]);
  });

  it("prints a CronJob as kubectl does: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE", () => {
    const cj: CronJob = {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "hello", creationTimestamp: "2024-05-01T11:00:00Z" },
      spec: { schedule: "@hourly", timeZone: "Europe/Paris", suspend: false, jobTemplate: { spec: { template } } },
      status: { lastScheduleTime: "2024-05-01T11:59:00Z", active: [{ name: "hello-1" }] },
    };
    expect(tableHeaders("CronJob", {})).toEqual(["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"]);
    expect(tableRow(cj, { now: NOW })).toEqual(["hello", "@hourly", "Europe/Paris", "False", "1", "60s", "60m"]);
  });
});
