// The Job's invariants: whatever its pods do between reconciles (they become ready, succeed,
// fail, are deleted by a user; parallelism changes; time passes), once a reconcile's plan is
// written the Job never has more than `parallelism` active pods, never more than `completions`
// successful pods (active + succeeded never exceed completions), and an Indexed Job never runs
// two pods for one index. And when every pod succeeds, it completes with exactly `completions`.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { completionIndexOf, type Job, type JobSpec, type Pod } from "@skiff/api";
import { isActive } from "../replicaset/pod-state.js";
import { planJob } from "./job-plan.js";
import { podForJob } from "./pod-template.js";
import { at, job } from "./test-fixtures.js";

type Step =
  | { type: "reconcile" }
  | { type: "finish"; i: number; ok: boolean }
  | { type: "ready"; i: number }
  | { type: "userDelete"; i: number }
  | { type: "parallelism"; n: number }
  | { type: "wait"; seconds: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ type: "reconcile" as const }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant("finish" as const), i: fc.nat(), ok: fc.boolean() }) },
  fc.record({ type: fc.constant("ready" as const), i: fc.nat() }),
  fc.record({ type: fc.constant("userDelete" as const), i: fc.nat() }),
  fc.record({ type: fc.constant("parallelism" as const), n: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ type: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 400 }) }),
);

class World {
  pods = new Map<string, Pod>();
  clock = 0;
  private seq = 0;
  constructor(public job: Job) {}

  active(): Pod[] {
    return [...this.pods.values()].filter(isActive);
  }
  succeeded(): Pod[] {
    return [...this.pods.values()].filter((p) => p.status?.phase === "Succeeded");
  }
  private nthActive(i: number): Pod | undefined {
    const a = this.active();
    return a.length ? a[i % a.length] : undefined;
  }

  reconcile(): void {
    const plan = planJob(this.job, [...this.pods.values()], at(this.clock));
    for (const p of plan.delete) this.pods.delete(p.metadata.name);
    for (const index of plan.create) {
      const name = `p${this.seq++}`;
      this.pods.set(name, podForJob(this.job, name, `uid-${name}`, at(this.clock), index));
    }
    if (plan.status) this.job = { ...this.job, status: plan.status };
  }

  apply(step: Step): void {
    if (step.type === "reconcile") return this.reconcile();
    if (step.type === "parallelism") return void (this.job = { ...this.job, spec: { ...this.job.spec, parallelism: step.n } });
    if (step.type === "wait") return void (this.clock += step.seconds);
    const p = this.nthActive(step.i);
    if (!p) return;
    if (step.type === "userDelete") return void this.pods.delete(p.metadata.name);
    if (step.type === "ready") {
      this.pods.set(p.metadata.name, { ...p, status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } });
      return;
    }
    const finishedAt = at(this.clock).toISOString();
    const exitCode = step.ok ? 0 : 1;
    this.pods.set(p.metadata.name, {
      ...p,
      status: { phase: step.ok ? "Succeeded" : "Failed", containerStatuses: [{ name: "c", ready: false, restartCount: 0, image: "", imageID: "", state: { terminated: { exitCode, finishedAt } } }] },
    });
  }
}

const specArb: fc.Arbitrary<Partial<JobSpec>> = fc.record({
  completions: fc.integer({ min: 0, max: 6 }),
  parallelism: fc.integer({ min: 0, max: 4 }),
  backoffLimit: fc.integer({ min: 0, max: 8 }),
  completionMode: fc.constantFrom("NonIndexed" as const, "Indexed" as const),
});

function checkBounds(w: World): void {
  const { parallelism = 1, completions = 1 } = w.job.spec;
  const active = w.active();
  expect(active.length).toBeLessThanOrEqual(parallelism);
  if (w.job.spec.completionMode === "Indexed") {
    const indexes = active.map(completionIndexOf);
    expect(new Set(indexes).size).toBe(indexes.length);
    const done = new Set(w.succeeded().map(completionIndexOf));
    for (const i of indexes) expect(done.has(i)).toBe(false);
  } else {
    expect(w.succeeded().length + active.length).toBeLessThanOrEqual(completions);
  }
}

describe("planJob, property", () => {
  it("never more than parallelism active, never more than completions succeeded", () => {
    fc.assert(
      fc.property(specArb, fc.array(stepArb, { maxLength: 60 }), (spec, steps) => {
        const w = new World(job(spec));
        for (const step of steps) {
          w.apply(step);
          if (step.type === "reconcile") checkBounds(w);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("when every pod succeeds, completes with exactly completions successful pods", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom("NonIndexed" as const, "Indexed" as const), (completions, parallelism, completionMode) => {
        const w = new World(job({ completions, parallelism, completionMode }));
        for (let round = 0; round < 20 && !w.job.status?.conditions?.some((c) => c.type === "Complete"); round++) {
          w.reconcile();
          checkBounds(w);
          for (const [k] of w.active().entries()) w.apply({ type: "finish", i: k, ok: true });
        }
        expect(w.job.status?.conditions?.find((c) => c.type === "Complete")?.status).toBe("True");
        expect(w.succeeded()).toHaveLength(completions);
        expect(w.job.status?.succeeded).toBe(completions);
      }),
      { numRuns: 100 },
    );
  });
});
