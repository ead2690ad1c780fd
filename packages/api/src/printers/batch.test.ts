import { describe, expect, it } from "vitest";
import type { CronJob, Job } from "../types.js";
import { cronJobActive, cronJobLastSchedule, cronJobSuspend, cronJobTimeZone, jobCompletions, jobDuration, jobStatus } from "./batch.js";

const now = Date.parse("2026-01-01T00:10:00Z");
const job = (spec: Partial<Job["spec"]>, status: Job["status"] = {}, deleting = false): Job => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name: "pi", ...(deleting ? { deletionTimestamp: "2026-01-01T00:09:00Z" } : {}) },
  spec: { template: { spec: { containers: [] } }, ...spec },
  status,
});

describe("Job cells", () => {
  it("STATUS in kubectl's order", () => {
    expect(jobStatus(job({}, {}))).toBe("Running");
    expect(jobStatus(job({}, { conditions: [{ type: "Complete", status: "True" }] }, true))).toBe("Complete");
    expect(jobStatus(job({}, { conditions: [{ type: "Failed", status: "True" }] }))).toBe("Failed");
    expect(jobStatus(job({}, {}, true))).toBe("Terminating");
    expect(jobStatus(job({}, { conditions: [{ type: "Suspended", status: "True" }] }))).toBe("Suspended");
    expect(jobStatus(job({}, { conditions: [{ type: "Suspended", status: "False" }] }))).toBe("Running");
  });

  it("COMPLETIONS", () => {
    expect(jobCompletions(job({ completions: 5 }, { succeeded: 3 }))).toBe("3/5");
    expect(jobCompletions(job({ parallelism: 3 }, { succeeded: 0 }))).toBe("0/1 of 3");
    expect(jobCompletions(job({ parallelism: 1 }))).toBe("0/1");
  });

  it("DURATION: to completion, or to now, empty before the start", () => {
    expect(jobDuration(job({}, { startTime: "2026-01-01T00:00:00Z", completionTime: "2026-01-01T00:00:42Z" }), now)).toBe("42s");
    expect(jobDuration(job({}, { startTime: "2026-01-01T00:05:00Z" }), now)).toBe("5m");
    expect(jobDuration(job({}), now)).toBe("");
  });
});

describe("CronJob cells", () => {
  const cj = (spec: Partial<CronJob["spec"]>, status: CronJob["status"] = {}): CronJob => ({
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "hello" },
    spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec: { containers: [] } } } }, ...spec },
    status,
  });

  it("TIMEZONE, SUSPEND, ACTIVE, LAST SCHEDULE", () => {
    expect(cronJobTimeZone(cj({}))).toBe("<none>");
    expect(cronJobTimeZone(cj({ timeZone: "Europe/Paris" }))).toBe("Europe/Paris");
    expect(cronJobSuspend(cj({ suspend: false }))).toBe("False");
    expect(cronJobSuspend(cj({ suspend: true }))).toBe("True");
    expect(cronJobActive(cj({}, { active: [{ name: "a" }, { name: "b" }] }))).toBe(2);
    expect(cronJobLastSchedule(cj({}), now)).toBe("<none>");
    expect(cronJobLastSchedule(cj({}, { lastScheduleTime: "2026-01-01T00:09:00Z" }), now)).toBe("60s");
  });
});
