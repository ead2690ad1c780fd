// The agent's reconcile is idempotent: whatever Docker shows for the node's pods (nothing, a
// sandbox alone, containers created but never started, exited ones, ones of an older spec,
// containers of pods no longer here), once the actions of one pass have been applied by the real
// executor on the FakeRuntime, the next pass at the same moment asks for nothing.
// Images are all present: a pull runs in the background and its containers are, by design,
// created by a later pass.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { pino } from "pino";
import type { Pod } from "@skiff/api";
import { FAKE_INFRA_IMAGE, FakeRuntime } from "../runtime/fake/fake-runtime.js";
import type { ContainerInfo } from "../runtime/runtime.js";
import { runSequence, type ExecutorContext } from "./executor.js";
import { identify, INFRA_CONTAINER, nodeSelector } from "./labels.js";
import { reconcile, type Action } from "./reconcile.js";
import { containerConfig, infraConfig } from "./translate.js";
import { images, makePod, NODE, T0 } from "./testing.js";

const IMAGES = ["busybox:1.36", "busybox:1.37"];
/** Seconds after T0 at which the passes run: past any restart back-off of what was seeded at T0. */
const PASS_AT = 1_000;

/** What Docker shows for one pod before the pass. */
const observedArb = fc.record({
  infra: fc.constantFrom("none", "created", "running", "exited"),
  /** Per app container: none, or one attempt in some state. */
  apps: fc.array(
    fc.record({
      state: fc.constantFrom("none", "created", "running", "exited"),
      exitCode: fc.constantFrom(0, 1, 137),
      attempt: fc.integer({ min: 0, max: 3 }),
      /** Made from an older spec (another image): its spec hash no longer matches. */
      stale: fc.boolean(),
      /** Finished at T0 (back-off long over) or right at the pass (backing off). */
      finishedLate: fc.boolean(),
      /** An earlier attempt kept for `logs --previous`. */
      previous: fc.boolean(),
    }),
    { minLength: 2, maxLength: 2 },
  ),
});

const podArb = fc.record({
  restartPolicy: fc.constantFrom("Always" as const, "OnFailure" as const, "Never" as const),
  containers: fc.integer({ min: 1, max: 2 }),
  stopping: fc.constantFrom(undefined, "deleting" as const, "Failed" as const, "Succeeded" as const),
  observed: observedArb,
});

const scenarioArb = fc.record({
  pods: fc.array(podArb, { minLength: 1, maxLength: 3 }),
  /** Containers of a pod this node no longer runs. */
  orphan: fc.option(observedArb, { nil: undefined }),
});

type Observed = typeof observedArb extends fc.Arbitrary<infer T> ? T : never;
type PodCase = typeof podArb extends fc.Arbitrary<infer T> ? T : never;

function podFor(name: string, c: PodCase): Pod {
  const containers = Array.from({ length: c.containers }, () => ({ image: IMAGES[0]! }));
  const meta = c.stopping === "deleting" ? { deleting: true } : c.stopping ? { phase: c.stopping } : {};
  return makePod(name, { restartPolicy: c.restartPolicy, containers }, meta);
}

/** Puts into the fake engine the containers `o` describes for `pod`. */
async function seed(runtime: FakeRuntime, clock: { now: number }, pod: Pod, o: Observed): Promise<void> {
  const at = (s: number) => (clock.now = T0 + s * 1000);
  at(0);
  let infraId = "gone";
  if (o.infra !== "none") {
    infraId = await runtime.createContainer(infraConfig(pod, NODE, FAKE_INFRA_IMAGE, { attempt: 0 }));
    if (o.infra !== "created") await runtime.startContainer(infraId);
    if (o.infra === "exited") runtime.exit(infraId, 0);
  }
  for (const [i, spec] of pod.spec.containers.entries()) {
    const a = o.apps[i];
    if (!a || a.state === "none") continue;
    const attempts = a.previous && a.attempt > 0 ? [a.attempt - 1, a.attempt] : [a.attempt];
    for (const attempt of attempts) {
      const current = attempt === a.attempt;
      const made = a.stale ? { ...spec, image: IMAGES[1]! } : spec;
      const id = await runtime.createContainer(containerConfig(pod, made, NODE, infraId, attempt, { backoffStep: attempt }));
      const state = current ? a.state : "exited";
      if (state === "created") continue;
      await runtime.startContainer(id);
      if (state !== "exited") continue;
      if (current && a.finishedLate) at(PASS_AT);
      runtime.exit(id, a.exitCode);
      at(0);
    }
  }
}

const ctx = (runtime: FakeRuntime): ExecutorContext => ({
  runtime,
  nodeName: NODE,
  infraImage: FAKE_INFRA_IMAGE,
  log: pino({ level: "silent" }),
  configs: new Map(),
  capacity: { cpuMilli: 4000, memoryBytes: 8 << 30 },
});

/** One pass: plan on what the engine shows now. */
async function plan(runtime: FakeRuntime, desired: Pod[], now: Date): Promise<Action[]> {
  const observed = await runtime.listContainers(nodeSelector(NODE));
  return reconcile({ desired, observed, images: images(IMAGES), failures: new Map(), now });
}

/** Applies the actions as the PodManager does: one sequence per pod, the pods in parallel. */
async function apply(runtime: FakeRuntime, actions: Action[]): Promise<string[]> {
  const failures: string[] = [];
  const sequences = new Map<string, Exclude<Action, { type: "pull" }>[]>();
  for (const a of actions) if (a.type !== "pull") sequences.set(a.podUid, [...(sequences.get(a.podUid) ?? []), a]);
  const hooks = { succeeded: () => undefined, failed: (a: Action, e: unknown) => void failures.push(`${a.type}: ${String(e)}`) };
  await Promise.all([...sequences.values()].map((seq) => runSequence(seq, ctx(runtime), hooks)));
  return failures;
}

describe("reconcile, property", () => {
  it("is idempotent: after one pass's actions are applied, the next pass asks for nothing (but one known late clean-up)", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ pods, orphan }) => {
        const clock = { now: T0 };
        const runtime = new FakeRuntime({ images: [...IMAGES, FAKE_INFRA_IMAGE], now: () => new Date(clock.now) });
        const desired = pods.map((c, i) => podFor(`p${i}`, c));
        for (const [i, pod] of desired.entries()) await seed(runtime, clock, pod, pods[i]!.observed);
        if (orphan) await seed(runtime, clock, makePod("gone", { containers: [{}, {}] }), orphan);

        clock.now = T0 + PASS_AT * 1000;
        const now = new Date(clock.now);
        const first = await plan(runtime, desired, now);
        expect(await apply(runtime, first)).toEqual([]);
        expect(await plan(runtime, desired, now), `after ${JSON.stringify(first.map((a) => a.type))}`).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
