import { afterEach, describe, expect, it, vi } from "vitest";
import { pino } from "pino";
import { FakeRuntime } from "../runtime/fake/fake-runtime.js";
import type { ContainerConfig } from "../runtime/runtime.js";
import { PodManager } from "./pod-manager.js";
import { makePod } from "./testing.js";
import { LABELS } from "./labels.js";

const managers: PodManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stop()));
});

/**
 * A runtime whose creates and starts each take a few (real) milliseconds, so overlapping work is
 * seen: it records how many distinct pods were between their first create and their last start.
 */
function slowRuntime(containersPerPod: number) {
  const runtime = new FakeRuntime({ images: ["busybox:1.36"] });
  const podOf = new Map<string, string>();
  const startsLeft = new Map<string, number>();
  const active = new Set<string>();
  let most = 0;
  const create = runtime.createContainer.bind(runtime);
  const start = runtime.startContainer.bind(runtime);
  const pause = () => new Promise((r) => setTimeout(r, 5));
  vi.spyOn(runtime, "createContainer").mockImplementation(async (config: ContainerConfig) => {
    const pod = config.labels[LABELS.podUid] ?? "";
    if (!active.has(pod)) startsLeft.set(pod, containersPerPod + 1); // its infra and apps
    active.add(pod);
    most = Math.max(most, active.size);
    await pause();
    const id = await create(config);
    podOf.set(id, pod);
    return id;
  });
  vi.spyOn(runtime, "startContainer").mockImplementation(async (id: string) => {
    await pause();
    await start(id);
    const pod = podOf.get(id) ?? "";
    const left = (startsLeft.get(pod) ?? 1) - 1;
    startsLeft.set(pod, left);
    if (left === 0) active.delete(pod);
  });
  return { runtime, most: () => most };
}

function manager(runtime: FakeRuntime, maxParallelStarts?: number) {
  const running = new Set<string>();
  const m = new PodManager({
    runtime,
    nodeName: "n1",
    log: pino({ level: "silent" }),
    resyncMs: 1000,
    ...(maxParallelStarts ? { maxParallelStarts } : {}),
    onStatus: (pod, status) => (status.phase === "Running" ? running.add(pod.metadata.name) : running.delete(pod.metadata.name)),
  });
  managers.push(m);
  void m.start(new AbortController().signal);
  return { m, running };
}

const pods = (n: number, containers = 1) => Array.from({ length: n }, (_, i) => makePod(`p${i}`, { containers: Array.from({ length: containers }, () => ({})) }));

describe("PodManager: parallel starts", () => {
  it("starts 20 pods with at most 3 making containers at once, and uses all 3", async () => {
    const { runtime, most } = slowRuntime(2);
    const { m, running } = manager(runtime, 3);
    m.setDesired(pods(20, 2));
    await vi.waitFor(() => expect(running.size).toBe(20), { timeout: 5000, interval: 5 });
    expect(most()).toBe(3);
  });

  it("defaults to 8 at once", async () => {
    const { runtime, most } = slowRuntime(1);
    const { m, running } = manager(runtime);
    m.setDesired(pods(30));
    await vi.waitFor(() => expect(running.size).toBe(30), { timeout: 5000, interval: 5 });
    expect(most()).toBe(8);
  });
});
