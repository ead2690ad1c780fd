import { describe, expect, it } from "vitest";
import { cronJob, done, jobAt, min, plan, refOf } from "./test-fixtures.js";

const reasons = (p: ReturnType<typeof plan>) => p.events.map((e) => e.reason);

describe("planCronJob: when to run", () => {
  it("does nothing before the first scheduled time, and wakes just after it", () => {
    const p = plan(cronJob(), [], min(0, 20));
    expect(p.create).toBeUndefined();
    expect(p.requeueAfterMs).toBe(40_000 + 100);
  });

  it("makes the Job of the minute, named by minutes since the epoch, and records it", () => {
    const p = plan(cronJob(), [], min(1, 5));
    const minutes = min(1).getTime() / 60_000;
    expect(p.create?.metadata).toMatchObject({
      name: `hello-${minutes}`,
      labels: { app: "hello" },
      annotations: { "batch.kubernetes.io/cronjob-scheduled-timestamp": "2026-01-01T00:01:00Z" },
      ownerReferences: [{ kind: "CronJob", name: "hello", uid: "uid-hello", controller: true }],
    });
    expect(p.create?.spec.selector?.matchLabels?.["batch.kubernetes.io/controller-uid"]).toBe(p.create?.metadata.uid);
    expect(p.status).toEqual({ lastScheduleTime: min(1).toISOString(), active: [refOf(p.create!)] });
    expect(reasons(p)).toEqual(["SuccessfulCreate"]);
    expect(p.requeueAfterMs).toBe(55_000 + 100);
  });

  it("never runs one scheduled time twice (a restart, a second reconcile)", () => {
    const first = plan(cronJob(), [], min(1, 5));
    const again = plan(cronJob({}, first.status), [first.create!], min(1, 30));
    expect(again.create).toBeUndefined();
    expect(again.status).toBeUndefined();
  });

  it("writes the scheduled time in the CronJob's time zone", () => {
    const p = plan(cronJob({ schedule: "0 9 * * *", timeZone: "Europe/Paris" }), [], new Date("2026-01-01T08:00:30Z"));
    expect(p.create?.metadata.annotations?.["batch.kubernetes.io/cronjob-scheduled-timestamp"]).toBe("2026-01-01T09:00:00+01:00");
  });

  it("runs only the most recent of several missed times, without a warning up to 100", () => {
    const p = plan(cronJob(), [], min(50, 10));
    expect(p.create?.metadata.name).toBe(`hello-${min(50).getTime() / 60_000}`);
    expect(reasons(p)).toEqual(["SuccessfulCreate"]);
  });

  it("warns TooManyMissedTimes past 100 missed, and still runs only the latest", () => {
    const p = plan(cronJob(), [], min(101, 1));
    expect(p.events[0]).toEqual({ type: "Warning", reason: "TooManyMissedTimes", message: "too many missed start times: 101. Set or decrease .spec.startingDeadlineSeconds or check clock skew" });
    expect(p.create?.metadata.name).toBe(`hello-${min(101).getTime() / 60_000}`);
    const year = plan(cronJob(), [], min(365 * 24 * 60, 1));
    expect(year.events[0]?.message).toMatch(/^too many missed start times: 525600\./);
    expect(year.create?.metadata.name).toBe(`hello-${min(365 * 24 * 60).getTime() / 60_000}`);
  });

  it("counts missed times from lastScheduleTime, not from creation", () => {
    const p = plan(cronJob({}, { lastScheduleTime: min(100).toISOString() }), [], min(150, 1));
    expect(reasons(p)).toEqual(["SuccessfulCreate"]);
  });

  it("with startingDeadlineSeconds, counts only the times that can still start (no warning after a long outage)", () => {
    const p = plan(cronJob({ startingDeadlineSeconds: 200 }), [], min(1000, 1));
    expect(reasons(p)).toEqual(["SuccessfulCreate"]);
    expect(p.create?.metadata.name).toBe(`hello-${min(1000).getTime() / 60_000}`);
  });

  it("skips a run older than startingDeadlineSeconds", () => {
    const hourly = cronJob({ schedule: "@hourly", startingDeadlineSeconds: 10 });
    expect(plan(hourly, [], min(60, 5)).create).toBeDefined();
    // At 01:00:30 the 01:00 run is 30 s late: past the 10 s deadline, it is not started.
    const late = plan(hourly, [], min(60, 30));
    expect(late.create).toBeUndefined();
    expect(late.status).toBeUndefined();
    expect(late.requeueAfterMs).toBe((59 * 60 + 30) * 1000 + 100);
  });

  it("starts nothing while suspended, and nothing wakes it (un-suspending does)", () => {
    const p = plan(cronJob({ suspend: true }), [], min(5));
    expect(p.create).toBeUndefined();
    expect(p.requeueAfterMs).toBeUndefined();
  });

  it("warns about a schedule or time zone it cannot read (written before a validation change)", () => {
    expect(plan(cronJob({ schedule: "nonsense" }), [], min(5)).events.map((e) => e.reason)).toEqual(["UnparseableSchedule"]);
    expect(plan(cronJob({ timeZone: "Mars/Olympus" }), [], min(5)).events.map((e) => e.reason)).toEqual(["UnknownTimeZone"]);
  });
});

describe("planCronJob: concurrency", () => {
  const running = jobAt(1);
  const withActive = (policy: "Allow" | "Forbid" | "Replace") => cronJob({ concurrencyPolicy: policy }, { lastScheduleTime: min(1).toISOString(), active: [refOf(running)] });

  it("Allow: starts the next run beside the active one", () => {
    const p = plan(withActive("Allow"), [running], min(2, 1));
    expect(p.create).toBeDefined();
    expect(p.status?.active).toHaveLength(2);
  });

  it("Forbid: does not start while one runs, and starts the missed run once it finished", () => {
    const p = plan(withActive("Forbid"), [running], min(2, 1));
    expect(p.create).toBeUndefined();
    expect(p.events).toContainEqual({ type: "Normal", reason: "JobAlreadyActive", message: "Not starting job because prior execution is running and concurrency policy is Forbid" });
    expect(p.status).toBeUndefined();
    const finished = jobAt(1, done(1, "Complete", 2.5));
    const later = plan(withActive("Forbid"), [finished], min(2, 40));
    expect(later.create?.metadata.name).toBe(`hello-${min(2).getTime() / 60_000}`);
    expect(reasons(later)).toEqual(["SawCompletedJob", "SuccessfulCreate"]);
  });

  it("Replace: deletes the active Job and starts the new one", () => {
    const p = plan(withActive("Replace"), [running], min(2, 1));
    expect(p.delete).toEqual([running]);
    expect(p.create).toBeDefined();
    expect(p.status?.active).toEqual([refOf(p.create!)]);
    expect(reasons(p)).toEqual(["SuccessfulDelete", "SuccessfulCreate"]);
  });
});

describe("planCronJob: status and history", () => {
  it("drops finished and missing Jobs from active, and sets lastSuccessfulTime", () => {
    const ok = jobAt(1, done(1, "Complete", 1.5));
    const gone = jobAt(2);
    const cj = cronJob({}, { lastScheduleTime: min(2).toISOString(), active: [refOf(ok), refOf(gone)] });
    const p = plan(cj, [ok], min(2, 30));
    expect(p.status).toEqual({ lastScheduleTime: min(2).toISOString(), lastSuccessfulTime: min(1.5).toISOString() });
    expect(reasons(p)).toEqual(["SawCompletedJob", "MissingJob"]);
  });

  it("keeps successfulJobsHistoryLimit completed and failedJobsHistoryLimit failed Jobs, deleting the oldest", () => {
    const jobs = [jobAt(1, done(1)), jobAt(2, done(2)), jobAt(3, done(3, "Failed")), jobAt(4, done(4)), jobAt(5, done(5)), jobAt(6, done(6, "Failed")), jobAt(7)];
    const cj = cronJob({ successfulJobsHistoryLimit: 2, failedJobsHistoryLimit: 1 }, { lastScheduleTime: min(7).toISOString(), active: [refOf(jobs[6]!)] });
    const p = plan(cj, jobs, min(7, 30));
    expect(p.delete.map((j) => j.metadata.name)).toEqual([jobs[0], jobs[1], jobs[2]].map((j) => j!.metadata.name));
    expect(plan(cronJob({ successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 0 }, cj.status), jobs, min(7, 30)).delete).toHaveLength(6);
  });

  it("warns about an unfinished Job of its own it did not start (made by hand from it)", () => {
    const manual = { ...jobAt(1), metadata: { ...jobAt(1).metadata, name: "hello-manual-001", uid: "uid-manual" } };
    expect(reasons(plan(cronJob({}, { lastScheduleTime: min(1).toISOString() }), [manual], min(1, 30)))).toEqual(["UnexpectedJob"]);
  });
});
