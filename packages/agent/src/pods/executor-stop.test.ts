// A pod's stop, as the executor applies it on the fake runtime: the preStop hook, then SIGTERM,
// then (for a process that ignores SIGTERM) SIGKILL once the grace period is over.
import { describe, expect, it } from "vitest";
import { pino } from "pino";
import type { Container } from "@skiff/api";
import { FakeRuntime } from "../runtime/fake/fake-runtime.js";
import { runSequence, type ExecutorContext } from "./executor.js";
import type { Action } from "./reconcile.js";

/** One fake "second" of grace lasts this many milliseconds. */
const SECOND_MS = 20;
const app: Container = { name: "app", image: "app:1", lifecycle: { preStop: { exec: { command: ["sh", "-c", "drain"] } } } };

async function running(runtime: FakeRuntime): Promise<string> {
  const id = await runtime.createContainer({ name: "skiff_n1_default_db-1_app_0", image: "app:1", labels: {} });
  await runtime.startContainer(id);
  return id;
}

function setup(o: { hookSeconds?: number; hookExit?: number } = {}) {
  let now = 0;
  const runtime = new FakeRuntime({ images: ["app:1"], graceSecondMs: SECOND_MS });
  const order: string[] = [];
  const warnings: string[] = [];
  const grace: number[] = [];
  runtime.onExec = (_id, command) => {
    order.push(`preStop ${command.join(" ")}`);
    now += (o.hookSeconds ?? 0) * 1000; // the hook takes this long
    return { exitCode: o.hookExit ?? 0, stdout: "", stderr: o.hookExit ? "drain: not found" : "" };
  };
  const stop = runtime.stopContainer.bind(runtime);
  runtime.stopContainer = async (id: string, seconds: number) => {
    grace.push(seconds);
    await stop(id, seconds);
  };
  const ctx: ExecutorContext = { runtime, nodeName: "n1", infraImage: "pause", log: pino({ level: "silent" }), configs: new Map(), capacity: { cpuMilli: 1000, memoryBytes: 1 << 30 }, clock: () => now };
  const hooks = { succeeded: () => undefined, failed: (_a: unknown, e: unknown) => order.push(`failed ${String(e)}`), warning: (reason: string, message: string) => warnings.push(`${reason}: ${message}`) };
  return { runtime, ctx, hooks, order, warnings, grace };
}

const stopAction = (containerId: string, graceSeconds: number, withHook = true): Exclude<Action, { type: "pull" }> => ({
  type: "stop",
  podUid: "u1",
  name: "skiff_n1_default_db-1_app_0",
  containerId,
  graceSeconds,
  ...(withHook ? { preStop: { handler: app.lifecycle!.preStop!, container: app } } : {}),
});

describe("stopping a container of a pod being deleted", () => {
  it("runs preStop, then SIGTERM; a process that ignores it is killed (SIGKILL) when the grace period is over", async () => {
    const { runtime, ctx, hooks, order } = setup();
    const id = await running(runtime);
    runtime.ignoresTerm.add(id);
    const started = Date.now();
    await runSequence([stopAction(id, 5)], ctx, hooks);
    const took = Date.now() - started;
    expect(order).toEqual(["preStop sh -c drain"]);
    expect(runtime.signals).toEqual([
      { id, signal: "SIGTERM" },
      { id, signal: "SIGKILL" },
    ]);
    expect(took).toBeGreaterThanOrEqual(5 * SECOND_MS - 5); // it waited the grace period out
    expect(await runtime.inspectContainer(id)).toMatchObject({ state: "exited", exitCode: 137 });
  });

  it("a process that honours SIGTERM stops at once, with no SIGKILL", async () => {
    const { runtime, ctx, hooks } = setup();
    const id = await running(runtime);
    await runSequence([stopAction(id, 5)], ctx, hooks);
    expect(runtime.signals).toEqual([{ id, signal: "SIGTERM" }]);
    expect(await runtime.inspectContainer(id)).toMatchObject({ state: "exited", exitCode: 143 });
  });

  it("the time the hook took comes off the grace period", async () => {
    const { runtime, ctx, hooks, grace } = setup({ hookSeconds: 3 });
    await runSequence([stopAction(await running(runtime), 10)], ctx, hooks);
    expect(grace).toEqual([7]);
  });

  it("after a hook that took (nearly) the whole period, SIGTERM still gets 2 s, as kubelet gives", async () => {
    const { runtime, ctx, hooks, grace } = setup({ hookSeconds: 9 });
    await runSequence([stopAction(await running(runtime), 10)], ctx, hooks);
    expect(grace).toEqual([2]);
  });

  it("a failing hook is reported (FailedPreStopHook) and the container is stopped all the same", async () => {
    const { runtime, ctx, hooks, warnings, grace } = setup({ hookExit: 127 });
    const id = await running(runtime);
    await runSequence([stopAction(id, 10)], ctx, hooks);
    expect(warnings).toEqual(['FailedPreStopHook: Exec lifecycle hook (["sh","-c","drain"]) for Container "app" failed: drain: not found']);
    expect(grace).toEqual([10]);
    expect(await runtime.inspectContainer(id)).toMatchObject({ state: "exited" });
  });

  it("grace 0 (a force-deleted or replaced copy): no hook, killed at once", async () => {
    const { runtime, ctx, hooks, order, grace } = setup();
    await runSequence([stopAction(await running(runtime), 0)], ctx, hooks);
    expect(order).toEqual([]);
    expect(grace).toEqual([0]);
  });
});
