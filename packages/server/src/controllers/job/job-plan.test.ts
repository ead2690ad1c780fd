import { describe, expect, it } from "vitest";
import { planJob } from "./job-plan.js";
import { at, job, pod } from "./test-fixtures.js";

const reasons = (plan: ReturnType<typeof planJob>) => (plan.status?.conditions ?? []).filter((c) => c.status === "True").map((c) => `${c.type}/${c.reason}`);

describe("planJob: running pods", () => {
  it("creates parallelism pods for a new Job and starts its clock", () => {
    const plan = planJob(job({ completions: 5, parallelism: 2 }), [], at(0));
    expect(plan.create).toEqual([undefined, undefined]);
    expect(plan.status).toMatchObject({ active: 2, succeeded: 0, failed: 0, startTime: at(0).toISOString() });
  });

  it("never plans more pods than the completions still missing", () => {
    const j = job({ completions: 5, parallelism: 3 }, { startTime: at(0).toISOString(), succeeded: 3 });
    const pods = ["a", "b", "c"].map((n) => pod(n, { phase: "Succeeded" }));
    expect(planJob(j, pods, at(10)).create).toHaveLength(2);
    expect(planJob(j, [...pods, pod("d")], at(10)).create).toHaveLength(1);
  });

  it("does nothing more while parallelism pods are active", () => {
    const j = job({ completions: 5, parallelism: 2 }, { startTime: at(0).toISOString(), active: 2, ready: 0, succeeded: 0, failed: 0 });
    const plan = planJob(j, [pod("a"), pod("b")], at(5));
    expect(plan.create).toEqual([]);
    expect(plan.delete).toEqual([]);
    expect(plan.status).toBeUndefined();
  });

  it("deletes surplus active pods when parallelism is lowered", () => {
    const j = job({ completions: 5, parallelism: 1 }, { startTime: at(0).toISOString() });
    expect(planJob(j, [pod("a", { ready: true }), pod("b")], at(5)).delete.map((p) => p.metadata.name)).toEqual(["b"]);
  });

  it("a Terminating pod is not active: replaced at once (Kubernetes' default podReplacementPolicy TerminatingOrFailed)", () => {
    const j = job({ completions: 5, parallelism: 2 }, { startTime: at(0).toISOString() });
    const terminating = pod("b");
    terminating.metadata.deletionTimestamp = at(4).toISOString();
    const plan = planJob(j, [pod("a"), terminating], at(5));
    expect(plan.create).toHaveLength(1);
    expect(plan.delete).toEqual([]);
  });

  it("creates at most 500 pods in one pass", () => {
    expect(planJob(job({ completions: 2000, parallelism: 1000 }), [], at(0)).create).toHaveLength(500);
  });

  it("counts ready pods", () => {
    const j = job({ completions: 3, parallelism: 2 }, { startTime: at(0).toISOString() });
    expect(planJob(j, [pod("a", { ready: true }), pod("b")], at(5)).status).toMatchObject({ active: 2, ready: 1 });
  });
});

describe("planJob: completion", () => {
  it("is Complete once completions pods succeeded, with a completionTime, and keeps the pods", () => {
    const j = job({ completions: 2, parallelism: 2 }, { startTime: at(0).toISOString() });
    const plan = planJob(j, [pod("a", { phase: "Succeeded" }), pod("b", { phase: "Succeeded" })], at(30));
    expect(reasons(plan)).toEqual(["Complete/CompletionsReached"]);
    expect(plan.status).toMatchObject({ succeeded: 2, active: 0, completionTime: at(30).toISOString() });
    expect(plan.delete).toEqual([]);
    expect(plan.events).toContainEqual({ type: "Normal", reason: "Completed", message: "Job completed" });
  });

  it("without completions (a work queue): done when one pod succeeded and the others finished", () => {
    const j = job({ completions: undefined, parallelism: 3 }, { startTime: at(0).toISOString() });
    const running = planJob(j, [pod("a", { phase: "Succeeded" }), pod("b")], at(10));
    expect(running.create).toEqual([]);
    expect(reasons(running)).toEqual([]);
    expect(reasons(planJob(j, [pod("a", { phase: "Succeeded" }), pod("b", { phase: "Succeeded" })], at(20)))).toEqual(["Complete/CompletionsReached"]);
  });

  it("a finished Job does nothing again, and never recounts", () => {
    const done = job({}, { startTime: at(0).toISOString(), completionTime: at(9).toISOString(), succeeded: 1, failed: 0, active: 0, ready: 0, conditions: [{ type: "Complete", status: "True", reason: "CompletionsReached" }] });
    const plan = planJob(done, [pod("a", { phase: "Succeeded" })], at(100));
    expect(plan).toMatchObject({ create: [], delete: [], deleteJob: false });
    expect(plan.status).toBeUndefined();
    expect(plan.requeueAfterMs).toBeUndefined();
  });
});

describe("planJob: failures", () => {
  it("replaces a failed pod after the failure backoff (10 s, doubled per failure)", () => {
    const j = job({ completions: 1, backoffLimit: 6 }, { startTime: at(0).toISOString() });
    const failed = [pod("a", { phase: "Failed", finished: 5 })];
    const early = planJob(j, failed, at(8));
    expect(early.create).toEqual([]);
    expect(early.requeueAfterMs).toBe(7_000);
    expect(planJob(j, failed, at(15)).create).toHaveLength(1);
    const twice = [...failed, pod("b", { phase: "Failed", finished: 20 })];
    expect(planJob(j, twice, at(25)).requeueAfterMs).toBe(15_000);
  });

  it("fails with BackoffLimitExceeded after more than backoffLimit failed pods, deleting the active ones", () => {
    const j = job({ completions: 3, parallelism: 2, backoffLimit: 2 }, { startTime: at(0).toISOString() });
    const pods = [pod("a", { phase: "Failed" }), pod("b", { phase: "Failed" }), pod("c", { phase: "Failed" }), pod("d")];
    const plan = planJob(j, pods, at(60));
    expect(reasons(plan)).toEqual(["Failed/BackoffLimitExceeded"]);
    expect(plan.delete.map((p) => p.metadata.name)).toEqual(["d"]);
    expect(plan.create).toEqual([]);
    expect(plan.status).toMatchObject({ failed: 3, active: 0 });
    expect(plan.status?.completionTime).toBeUndefined();
    expect(plan.events).toContainEqual({ type: "Warning", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" });
    expect(reasons(planJob(j, pods.slice(1), at(60)))).toEqual([]);
  });

  it("with restartPolicy OnFailure, counts the container restarts of its running pods", () => {
    const onFailure = (limit: number) => {
      const j = job({ backoffLimit: limit }, { startTime: at(0).toISOString() });
      j.spec.template.spec.restartPolicy = "OnFailure";
      return j;
    };
    expect(reasons(planJob(onFailure(2), [pod("a", { restarts: 1 })], at(30)))).toEqual([]);
    expect(reasons(planJob(onFailure(2), [pod("a", { restarts: 2 })], at(30)))).toEqual(["Failed/BackoffLimitExceeded"]);
    expect(reasons(planJob(onFailure(0), [pod("a", { restarts: 1 })], at(30)))).toEqual(["Failed/BackoffLimitExceeded"]);
  });

  it("fails with DeadlineExceeded after activeDeadlineSeconds, and wakes exactly then", () => {
    const j = job({ activeDeadlineSeconds: 30 }, { startTime: at(0).toISOString() });
    expect(planJob(j, [pod("a")], at(10)).requeueAfterMs).toBe(20_000);
    const late = planJob(j, [pod("a")], at(30));
    expect(reasons(late)).toEqual(["Failed/DeadlineExceeded"]);
    expect(late.delete.map((p) => p.metadata.name)).toEqual(["a"]);
  });
});

describe("planJob: suspend and TTL", () => {
  it("suspending deletes the active pods and says Suspended; resuming restarts the clock", () => {
    const j = job({ suspend: true, completions: 3, parallelism: 2 }, { startTime: at(0).toISOString() });
    const suspended = planJob(j, [pod("a"), pod("b", { phase: "Succeeded" })], at(10));
    expect(suspended.delete.map((p) => p.metadata.name)).toEqual(["a"]);
    expect(suspended.create).toEqual([]);
    expect(reasons(suspended)).toEqual(["Suspended/JobSuspended"]);
    const resumed = planJob(job({ completions: 3, parallelism: 2 }, suspended.status), [pod("b", { phase: "Succeeded" })], at(50));
    expect(resumed.create).toHaveLength(2);
    expect(resumed.status?.startTime).toBe(at(50).toISOString());
    expect(resumed.status?.conditions?.find((c) => c.type === "Suspended")).toMatchObject({ status: "False", reason: "JobResumed" });
  });

  it("a resumed Job's deadline counts from the resume, not from its first start", () => {
    const suspended = job({ activeDeadlineSeconds: 30 }, { startTime: at(0).toISOString(), conditions: [{ type: "Suspended", status: "True", reason: "JobSuspended" }] });
    const resumed = planJob(suspended, [], at(3600));
    expect(reasons(resumed)).toEqual([]);
    expect(resumed.create).toHaveLength(1);
    expect(resumed.requeueAfterMs).toBe(30_000);
  });

  it("a Job created suspended has no startTime", () => {
    expect(planJob(job({ suspend: true }), [], at(0)).status?.startTime).toBeUndefined();
  });

  it("deletes a finished Job after ttlSecondsAfterFinished, waking by a timer until then", () => {
    const finished = job({ ttlSecondsAfterFinished: 60 }, { completionTime: at(10).toISOString(), conditions: [{ type: "Complete", status: "True" }] });
    expect(planJob(finished, [], at(40))).toMatchObject({ deleteJob: false, requeueAfterMs: 30_000 });
    expect(planJob(finished, [], at(70)).deleteJob).toBe(true);
    const failed = job({ ttlSecondsAfterFinished: 0 }, { conditions: [{ type: "Failed", status: "True", lastTransitionTime: at(5).toISOString() }] });
    expect(planJob(failed, [], at(5)).deleteJob).toBe(true);
  });
});

describe("planJob: Indexed", () => {
  const indexed = (status = {}) => job({ completionMode: "Indexed", completions: 4, parallelism: 2 }, { startTime: at(0).toISOString(), ...status });

  it("creates the lowest indexes that neither succeeded nor run", () => {
    const pods = [pod("a", { index: 0, phase: "Succeeded" }), pod("b", { index: 2 })];
    const plan = planJob(indexed(), pods, at(5));
    expect(plan.create).toEqual([1]);
    expect(plan.status).toMatchObject({ succeeded: 1, completedIndexes: "0", active: 2 });
  });

  it("deletes a second pod for one index, and a pod of an index already done", () => {
    const pods = [pod("a", { index: 1, created: 1 }), pod("b", { index: 1, created: 2 }), pod("c", { index: 0 })];
    const plan = planJob(indexed({ completedIndexes: "0" }), pods, at(5));
    expect(plan.delete.map((p) => p.metadata.name).sort()).toEqual(["b", "c"]);
    expect(plan.create).toEqual([2]);
  });

  it("is Complete when every index succeeded", () => {
    const pods = [0, 1, 2, 3].map((i) => pod(`p${i}`, { index: i, phase: "Succeeded" }));
    const plan = planJob(indexed(), pods, at(40));
    expect(reasons(plan)).toEqual(["Complete/CompletionsReached"]);
    expect(plan.status?.completedIndexes).toBe("0-3");
  });
});
