// The rolling update's invariants, whatever the pods do between reconciles (become Ready or
// not, fail, time passes): once a reconcile's plan is written,
//   - with maxUnavailable 0, a node that had a Ready daemon pod still has one;
//   - no node has two daemon pods, except one old and one new during a surge;
// and when pods become Ready, the update finishes: every node one new, Ready pod.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { DaemonSet, Pod } from "@skiff/api";
import { isRunningAndReady } from "../statefulset/health.js";
import { planDaemonSet } from "./daemonset-plan.js";
import { podForDaemonSet } from "./pod-template.js";
import { isUpdated, templateHash } from "./revision.js";
import { at, daemonSet, node, pod, updated } from "./test-fixtures.js";

type Step = { type: "reconcile" } | { type: "ready"; i: number } | { type: "fail"; i: number } | { type: "wait"; seconds: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ type: "reconcile" as const }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant("ready" as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("fail" as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 30 }) }) },
);

const strategyArb = fc.oneof(
  fc.record({ maxUnavailable: fc.constant(0), maxSurge: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant("50%")) }),
  fc.record({ maxUnavailable: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant("34%")), maxSurge: fc.constant(0) }),
);

class World {
  pods = new Map<string, Pod>();
  clock = 1;
  private seq = 0;
  readonly nodes;
  constructor(
    public ds: DaemonSet,
    nodeCount: number,
    old: DaemonSet,
  ) {
    this.nodes = Array.from({ length: nodeCount }, (_, i) => node(`n${i}`));
    for (const n of this.nodes) this.add(pod(`old-${n.metadata.name}`, n.metadata.name, ds, { from: old }));
  }

  add(p: Pod): void {
    this.pods.set(p.metadata.name, p);
  }
  onNode(name: string): Pod[] {
    return [...this.pods.values()].filter((p) => p.spec.nodeName === name);
  }
  hasReady(name: string): boolean {
    return this.onNode(name).some(isRunningAndReady);
  }
  nth(i: number): Pod | undefined {
    const all = [...this.pods.values()];
    return all.length ? all[i % all.length] : undefined;
  }

  reconcile(): void {
    const hash = templateHash(this.ds.spec.template);
    const readyBefore = new Set(this.nodes.map((n) => n.metadata.name).filter((n) => this.hasReady(n)));
    const plan = planDaemonSet(this.ds, this.nodes, [...this.pods.values()], hash, at(this.clock));
    for (const p of plan.delete) this.pods.delete(p.metadata.name);
    for (const want of plan.create) this.add(podForDaemonSet(this.ds, want, hash, `new-${this.seq++}`, `uid-${this.seq}`, at(this.clock)));
    const surge = this.ds.spec.updateStrategy?.rollingUpdate?.maxSurge !== 0;
    for (const n of this.nodes) {
      const name = n.metadata.name;
      if (this.ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable === 0 && readyBefore.has(name)) {
        expect(this.hasReady(name), `node ${name} lost its last ready daemon pod`).toBe(true);
      }
      const pods = this.onNode(name);
      if (pods.length > 1) {
        const kinds = pods.map((p) => isUpdated(p, this.ds, hash));
        expect(surge && pods.length === 2 && kinds.includes(true) && kinds.includes(false), `node ${name} has ${pods.length} daemon pods`).toBe(true);
      }
    }
  }

  apply(step: Step): void {
    if (step.type === "reconcile") return this.reconcile();
    if (step.type === "wait") {
      this.clock += step.seconds;
      return;
    }
    const p = this.nth(step.i);
    if (!p) return;
    const status =
      step.type === "ready"
        ? { phase: "Running" as const, conditions: [{ type: "Ready", status: "True" as const, lastTransitionTime: at(this.clock).toISOString() }] }
        : { phase: "Failed" as const, conditions: [], containerStatuses: [] };
    if (step.type === "ready" && isRunningAndReady(p)) return;
    this.add({ ...p, status });
  }

  /** Everything Ready, time passing: the plan must reach one new ready pod per node. */
  settle(): void {
    for (let i = 0; i < 200; i++) {
      this.clock += 60;
      for (const p of this.pods.values()) if (!isRunningAndReady(p) && p.status?.phase !== "Failed") this.apply({ type: "ready", i: [...this.pods.keys()].indexOf(p.metadata.name) });
      this.reconcile();
    }
  }
}

describe("DaemonSet rolling update, property", () => {
  it("never leaves a node without a ready pod when maxUnavailable is 0, never doubles a pod but for a surge, and finishes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), strategyArb, fc.integer({ min: 0, max: 20 }), fc.array(stepArb, { maxLength: 60 }), (nodes, rollingUpdate, minReadySeconds, steps) => {
        const v1 = daemonSet({ minReadySeconds, updateStrategy: { type: "RollingUpdate", rollingUpdate } });
        const world = new World(updated(v1), nodes, v1);
        for (const step of steps) world.apply(step);
        world.settle();
        const hash = templateHash(world.ds.spec.template);
        for (const n of world.nodes) {
          const pods = world.onNode(n.metadata.name);
          expect(pods).toHaveLength(1);
          expect(isUpdated(pods[0]!, world.ds, hash) && isRunningAndReady(pods[0]!)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
