// The ReplicaSet's invariant: whatever happens to its pods between reconciles (they become ready,
// fail, are deleted by a user, finish terminating, change labels, orphans appear, the ReplicaSet
// is scaled), once a reconcile's plan is written the ReplicaSet never has more than `replicas`
// active pods, and the status it writes counts exactly the active pods it controls.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isTerminalPhase, type Pod, type ReplicaSet } from "@skiff/api";
import { controllerOf } from "../owners.js";
import { isActive } from "./pod-state.js";
import { planReplicaSet } from "./replicaset-plan.js";
import { at, pod, replicaSet } from "./test-fixtures.js";

/** Something that happens to the cluster; `i` picks a pod (modulo how many there are). */
type Step =
  | { type: "reconcile" }
  | { type: "scale"; replicas: number }
  | { type: "ready"; i: number }
  | { type: "finish"; i: number; phase: "Succeeded" | "Failed" }
  | { type: "userDelete"; i: number }
  | { type: "gone"; i: number }
  | { type: "relabel"; i: number }
  | { type: "orphan"; ready: boolean }
  | { type: "otherOwner" };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ type: "reconcile" as const }) },
  fc.record({ type: fc.constant("scale" as const), replicas: fc.integer({ min: 0, max: 8 }) }),
  fc.record({ type: fc.constant("ready" as const), i: fc.nat() }),
  fc.record({ type: fc.constant("finish" as const), i: fc.nat(), phase: fc.constantFrom("Succeeded" as const, "Failed" as const) }),
  fc.record({ type: fc.constant("userDelete" as const), i: fc.nat() }),
  fc.record({ type: fc.constant("gone" as const), i: fc.nat() }),
  fc.record({ type: fc.constant("relabel" as const), i: fc.nat() }),
  fc.record({ type: fc.constant("orphan" as const), ready: fc.boolean() }),
  fc.constant({ type: "otherOwner" as const }),
);

/** The namespace's pods, as the store holds them, and the ReplicaSet. */
class World {
  pods = new Map<string, Pod>();
  private seq = 0;
  clock = 100;

  constructor(public rs: ReplicaSet) {}

  private nth(i: number): Pod | undefined {
    const all = [...this.pods.values()];
    return all.length ? all[i % all.length] : undefined;
  }

  private put(p: Pod): void {
    this.pods.set(p.metadata.name, p);
  }

  /** Ours and counting toward replicas. */
  active(): Pod[] {
    return [...this.pods.values()].filter((p) => controllerOf(p)?.uid === this.rs.metadata.uid && isActive(p));
  }

  /** One reconcile on the current state, its plan written as the controller writes it. */
  reconcile(): void {
    const plan = planReplicaSet(this.rs, [...this.pods.values()], at(this.clock++));
    for (const p of [...plan.adopt, ...plan.release]) this.put(p);
    for (let n = 0; n < plan.create; n++) this.put(pod(`new-${this.seq++}`, { owner: this.rs, created: this.clock }));
    // Deleting is graceful: the pod stays, marked, until it has terminated ("gone").
    for (const p of plan.delete) this.put({ ...p, metadata: { ...p.metadata, deletionTimestamp: at(this.clock).toISOString() } });
    if (plan.status) this.rs = { ...this.rs, status: plan.status };
  }

  apply(step: Step): void {
    const target = "i" in step ? this.nth(step.i) : undefined;
    switch (step.type) {
      case "reconcile":
        return this.reconcile();
      case "scale":
        this.rs = { ...this.rs, spec: { ...this.rs.spec, replicas: step.replicas }, metadata: { ...this.rs.metadata, generation: (this.rs.metadata.generation ?? 1) + 1 } };
        return;
      case "ready":
        if (target && !isTerminalPhase(target.status?.phase)) this.put({ ...target, status: { ...pod("x", { readyAt: this.clock }).status } });
        return;
      case "finish":
        if (target) this.put({ ...target, status: { ...target.status, phase: step.phase } });
        return;
      case "userDelete":
        if (target && !target.metadata.deletionTimestamp) this.put({ ...target, metadata: { ...target.metadata, deletionTimestamp: at(this.clock).toISOString() } });
        return;
      case "gone":
        if (target?.metadata.deletionTimestamp) this.pods.delete(target.metadata.name);
        return;
      case "relabel":
        if (target) this.put({ ...target, metadata: { ...target.metadata, labels: { app: "debug" } } });
        return;
      case "orphan":
        return this.put(pod(`orphan-${this.seq++}`, step.ready ? { readyAt: this.clock } : {}));
      case "otherOwner":
        return this.put(pod(`other-${this.seq++}`, { owner: replicaSet("other", 1) }));
    }
  }
}

describe("planReplicaSet, property", () => {
  it("once a plan is written, the ReplicaSet has at most `replicas` active pods, and its status counts them", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.array(stepArb, { maxLength: 60 }), (replicas, steps) => {
        const world = new World(replicaSet("web", replicas));
        for (const step of [...steps, { type: "reconcile" } as const]) {
          world.apply(step);
          if (step.type !== "reconcile") continue;
          const active = world.active();
          const wanted = world.rs.spec.replicas ?? 1;
          expect(active.length).toBeLessThanOrEqual(wanted);
          expect(world.rs.status?.replicas).toBe(active.length);
        }
        // Converged: with nothing else happening, a reconcile brings it to exactly `replicas`.
        world.reconcile();
        expect(world.active()).toHaveLength(world.rs.spec.replicas ?? 1);
      }),
      { numRuns: 300 },
    );
  });

  it("creates exactly the missing replicas, counting the orphans it adopts and nothing it does not own", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.array(stepArb, { maxLength: 40 }), (replicas, steps) => {
        const world = new World(replicaSet("web", replicas));
        for (const step of steps) {
          world.apply(step);
          // Active pods that match and are ours, or orphans it will adopt.
          const claimable = [...world.pods.values()].filter((p) => isActive(p) && p.metadata.labels?.app === "web" && [undefined, world.rs.metadata.uid].includes(controllerOf(p)?.uid));
          const plan = planReplicaSet(world.rs, [...world.pods.values()], at(world.clock));
          expect(plan.create).toBe(Math.max(0, (world.rs.spec.replicas ?? 1) - claimable.length));
        }
      }),
      { numRuns: 200 },
    );
  });
});
