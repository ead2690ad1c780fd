import { afterEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { pino } from "pino";
import type { PodStatus } from "@skiff/api";
import { FakeRuntime } from "../runtime/fake/fake-runtime.js";
import type { ContainerInfo } from "../runtime/runtime.js";
import { PodManager } from "./pod-manager.js";
import { makePod, T0 } from "./testing.js";

const BUSYBOX = "busybox:1.36";
let now = T0;
const clock = () => new Date(now);
const managers: PodManager[] = [];

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stop()));
  vi.useRealTimers();
  now = T0;
});

function setup(runtime = new FakeRuntime({ images: [BUSYBOX], now: clock }), resyncMs = 5) {
  const reports: { pod: string; status: PodStatus }[] = [];
  const manager = new PodManager({
    runtime,
    nodeName: "n1",
    hostIP: "127.0.0.2",
    log: pino({ level: "silent" }),
    clock,
    resyncMs,
    onStatus: (pod, status) => reports.push({ pod: pod.metadata.name, status }),
  });
  managers.push(manager);
  void manager.start(new AbortController().signal);
  const containers = () => [...runtime.containers.values()].map((c) => c.info);
  const named = (suffix: string): ContainerInfo | undefined => containers().find((c) => c.name.endsWith(suffix));
  const app = (s: PodStatus | undefined) => s?.containerStatuses?.[0];
  return { runtime, manager, reports, containers, named, app, web: () => manager.status().get("default/web"), passes: passes(runtime) };
}

const until = (check: () => void) => vi.waitFor(check, { timeout: 3000, interval: 5 });

/**
 * Waits for the loop instead of the clock: each pass starts by listing the node's containers, so
 * once two more have started, at least one whole pass (its plan, its reports, the actions it
 * handed to the executor) ran after the call. What it would have done, it has done.
 */
function passes(runtime: FakeRuntime): () => Promise<void> {
  const list: MockInstance = vi.isMockFunction(runtime.listContainers) ? vi.mocked(runtime.listContainers) : vi.spyOn(runtime, "listContainers");
  return async () => {
    const from = list.mock.calls.length;
    await until(() => expect(list.mock.calls.length).toBeGreaterThanOrEqual(from + 2));
  };
}

describe("PodManager", () => {
  it("runs a pod: infra container, app container, status Running", async () => {
    const { manager, named, web, app, reports, passes } = setup();
    manager.setDesired([makePod("web")]);
    await until(() => expect(web()?.phase).toBe("Running"));
    expect(named("_web_POD_0")).toMatchObject({ state: "running" });
    expect(named("_web_app_0")).toMatchObject({ state: "running" });
    expect(app(web())).toMatchObject({ ready: true, restartCount: 0 });
    expect(web()).toMatchObject({ hostIP: "127.0.0.2", podIP: named("_web_POD_0")?.ipAddress });
    // Converged: a whole pass runs and reports nothing new.
    const count = reports.length;
    await passes();
    expect(reports.length).toBe(count);
  });

  it("converges on events alone, and lists containers only once per resync when idle", async () => {
    // The loop's timers are driven by hand: no time passes but what the test says.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const runtime = new FakeRuntime({ images: [BUSYBOX], now: clock });
    const list = vi.spyOn(runtime, "listContainers");
    const { manager, web } = setup(runtime, 10_000);
    manager.setDesired([makePod("web")]);
    // Running without the resync period ever elapsing: events and finished actions drove it.
    await until(() => expect(web()?.phase).toBe("Running"));
    const calls = list.mock.calls.length;
    await vi.advanceTimersByTimeAsync(9_000);
    expect(list.mock.calls.length).toBe(calls);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(list.mock.calls.length).toBe(calls + 1);
  });

  it("does nothing before the first complete set of pods (it would remove every container)", async () => {
    const runtime = new FakeRuntime({ images: [BUSYBOX], now: clock });
    const first = setup(runtime);
    first.manager.setDesired([makePod("web")]);
    await until(() => expect(first.web()?.phase).toBe("Running"));
    await first.manager.stop();
    const stop = vi.spyOn(runtime, "stopContainer");
    const remove = vi.spyOn(runtime, "removeContainer");
    // Ten resync periods go by, driven by hand, before the first complete set arrives.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const second = setup(runtime);
    await vi.advanceTimersByTimeAsync(50);
    expect(second.containers().filter((c) => c.state === "running")).toHaveLength(2);
    expect(stop).not.toHaveBeenCalled();
    expect(remove).not.toHaveBeenCalled();
  });

  it("restarts an exited container at once, then after its back-off, counting restarts", async () => {
    const { runtime, manager, named, web, app } = setup();
    manager.setDesired([makePod("web")]);
    await until(() => expect(web()?.phase).toBe("Running"));
    runtime.exit(named("_web_app_0")!.id, 1);
    await until(() => expect(app(web())).toMatchObject({ restartCount: 1, ready: true }));
    expect(app(web())?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    expect(named("_web_app_0")?.state).toBe("exited"); // kept for `logs --previous`
    runtime.exit(named("_web_app_1")!.id, 1);
    await until(() => expect(app(web())?.state?.waiting?.reason).toBe("CrashLoopBackOff"));
    now += 10_000;
    await until(() => expect(app(web())).toMatchObject({ restartCount: 2, ready: true }));
    expect(named("_web_app_2")?.state).toBe("running");
  });

  it("removes a pod's containers when the pod is removed", async () => {
    const { manager, web, containers } = setup();
    manager.setDesired([makePod("web")]);
    await until(() => expect(web()?.phase).toBe("Running"));
    manager.remove("default/web");
    await until(() => expect(containers()).toEqual([]));
    expect(web()).toBeUndefined();
  });

  it("adopts the containers it finds after an agent restart, restarting none", async () => {
    const runtime = new FakeRuntime({ images: [BUSYBOX], now: clock });
    const first = setup(runtime);
    first.manager.setDesired([makePod("web")]);
    await until(() => expect(first.web()?.phase).toBe("Running"));
    await first.manager.stop();
    const before = first.containers().map((c) => `${c.id} ${c.state} ${c.startedAt}`);

    const create = vi.spyOn(runtime, "createContainer");
    const stop = vi.spyOn(runtime, "stopContainer");
    const second = setup(runtime);
    second.manager.setDesired([makePod("web")]);
    await until(() => expect(second.web()?.phase).toBe("Running"));
    await second.passes();
    expect(second.containers().map((c) => `${c.id} ${c.state} ${c.startedAt}`)).toEqual(before);
    expect(create).not.toHaveBeenCalled();
    expect(stop).not.toHaveBeenCalled();
    expect(second.app(second.web())).toMatchObject({ restartCount: 0, ready: true });
  });

  it("shows ErrImagePull, then ImagePullBackOff, then runs once the image can be pulled", async () => {
    const { runtime, manager, reports, web, passes } = setup();
    manager.setDesired([makePod("web", { containers: [{ image: "nope:1" }] })]);
    const reasons = () => reports.map((r) => r.status.containerStatuses?.[0]?.state?.waiting?.reason);
    await until(() => expect(reasons()).toContain("ImagePullBackOff"));
    const errAt = reasons().indexOf("ErrImagePull");
    expect(errAt).toBeGreaterThanOrEqual(0);
    expect(errAt).toBeLessThan(reasons().indexOf("ImagePullBackOff"));
    expect(reports[errAt]?.status.containerStatuses?.[0]?.state?.waiting?.message).toContain("pull access denied for nope");

    runtime.allowPull("nope:1");
    const pull = vi.spyOn(runtime, "pullImage");
    await passes();
    expect(pull).not.toHaveBeenCalled(); // still backing off
    expect(web()?.phase).toBe("Pending");
    now += 10_000;
    await until(() => expect(web()?.phase).toBe("Running"));
  });

  it("reports a container that will not start, and retries it after a back-off", async () => {
    const { runtime, manager, web, app, named } = setup();
    runtime.failStart("skiff_n1_default_web_app_0", 'exec: "nope": executable file not found in $PATH');
    manager.setDesired([makePod("web")]);
    await until(() => expect(app(web())?.state?.waiting?.reason).toBe("CrashLoopBackOff"));
    expect(app(web())?.lastState?.terminated).toMatchObject({ reason: "ContainerCannotRun", exitCode: 127 });
    now += 10_000;
    await until(() => expect(app(web())).toMatchObject({ restartCount: 1, ready: true }));
    expect(named("_web_app_1")?.state).toBe("running");
  });

  it("finishes a restartPolicy Never pod: Succeeded, sandbox stopped, nothing restarted", async () => {
    const { runtime, manager, web, named, passes } = setup();
    manager.setDesired([makePod("job", { restartPolicy: "Never" }), makePod("web")]);
    const job = () => manager.status().get("default/job");
    await until(() => expect(job()?.phase).toBe("Running"));
    runtime.exit(named("_job_app_0")!.id, 0);
    await until(() => expect(job()?.phase).toBe("Succeeded"));
    await until(() => expect(named("_job_POD_0")?.state).toBe("exited"));
    now += 60_000;
    const create = vi.spyOn(runtime, "createContainer");
    await passes();
    expect(create).not.toHaveBeenCalled();
    expect(named("_job_app_1")).toBeUndefined();
    expect(web()?.phase).toBe("Running");
  });

  it("kills at once the copies of pods that left while it was away; a pod removed while connected gets its grace", async () => {
    const { runtime, manager, containers } = setup();
    const stop = vi.spyOn(runtime, "stopContainer");
    const grace = { terminationGracePeriodSeconds: 7 };
    manager.setDesired([makePod("web", grace, { uid: "u-web" }), makePod("old", grace, { uid: "u-old" }), makePod("db", grace, { uid: "u-db" })]);
    await until(() => expect(containers().filter((c) => c.state === "running")).toHaveLength(6));
    const names = new Map(containers().map((c) => [c.id, c.name]));
    // Removed while connected (an INCREMENTAL message): stopped gently.
    manager.remove("u-db");
    // A new session's COMPLETE set lacks "old": it left while the node was away (replaced elsewhere).
    manager.setDesired([makePod("web", grace, { uid: "u-web" })]);
    await until(() => expect(containers().filter((c) => c.state === "running")).toHaveLength(2));
    const graceOf = (pod: string) => new Set(stop.mock.calls.filter(([id]) => names.get(id)?.includes(`_${pod}_`)).map(([, g]) => g));
    expect(graceOf("old")).toEqual(new Set([0]));
    expect(graceOf("db")).toEqual(new Set([7]));
  });

  it("kills at once a pod the server failed as NodeLost: it has been replaced", async () => {
    const { runtime, manager, containers } = setup();
    const stop = vi.spyOn(runtime, "stopContainer");
    const pod = makePod("web", { terminationGracePeriodSeconds: 7 }, { uid: "u-web" });
    manager.setDesired([pod]);
    await until(() => expect(containers().filter((c) => c.state === "running")).toHaveLength(2));
    manager.upsert({ ...pod, status: { phase: "Failed", reason: "NodeLost" } });
    await until(() => expect(containers().filter((c) => c.state === "running")).toHaveLength(0));
    expect(new Set(stop.mock.calls.map(([, g]) => g))).toEqual(new Set([0]));
  });
});
