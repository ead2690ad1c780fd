// The invariant of a rolling update, for random sizes, surges and availability.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maxSurge, maxUnavailable } from "./replicas.js";
import { Sim, deployment } from "./simulation.js";

/** A small seeded PRNG, so a failing case replays from its seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`));

describe("rolling update (property)", () => {
  it("never more than replicas+surge pods, never fewer than replicas-unavailable available, always finishes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        intOrPercent,
        intOrPercent,
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (replicas, surge, unavailable, seed, chance) => {
          const d = deployment({ replicas, maxSurge: surge, maxUnavailable: unavailable });
          const random = mulberry32(seed);
          const sim = new Sim(d);
          sim.converge();
          const maxTotal = replicas + maxSurge(d);
          const minAvailable = replicas - maxUnavailable(d);
          sim.edit((x) => {
            const c = x.spec.template.spec.containers[0];
            if (c) c.image = "web:2";
          });
          for (let i = 0; i < 1000; i++) {
            sim.step();
            expect(sim.totalPods()).toBeLessThanOrEqual(maxTotal);
            expect(sim.availablePods()).toBeGreaterThanOrEqual(minAvailable);
            sim.makeAvailable(() => true, () => random() < chance);
            const s = sim.d.status;
            if (s?.updatedReplicas === replicas && s.availableReplicas === replicas && s.replicas === replicas) break;
          }
          expect(sim.sizes()).toEqual(replicas === 0 ? { "web:1": 0, "web:2": 0 } : { "web:1": 0, "web:2": replicas });
          expect(sim.availablePods()).toBe(replicas);
        },
      ),
      { numRuns: 300 },
    );
  });
});
