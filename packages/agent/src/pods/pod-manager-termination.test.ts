// The pod manager stopping a pod being deleted, on the fake runtime: the process ignores SIGTERM,
// so it runs through its grace period, is killed, and only then does the agent say "stopped".
import { afterEach, describe, expect, it, vi } from "vitest";
import { pino } from "pino";
import type { Pod } from "@skiff/api";
import { FakeRuntime } from "../runtime/fake/fake-runtime.js";
import { PodManager } from "./pod-manager.js";
import { makePod } from "./testing.js";

const BUSYBOX = "busybox:1.36";
/** One second of grace lasts this many real milliseconds in the fake. */
const SECOND_MS = 50;
const managers: PodManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stop()));
});

const until = (check: () => void) => vi.waitFor(check, { timeout: 3000, interval: 5 });

describe("PodManager: a pod being deleted", () => {
  it("SIGTERM, the grace period, SIGKILL; reported stopped only after the kill", async () => {
    const runtime = new FakeRuntime({ images: [BUSYBOX], graceSecondMs: SECOND_MS });
    const reports: { stopped: boolean; at: number }[] = [];
    const manager = new PodManager({ runtime, nodeName: "n1", log: pino({ level: "silent" }), resyncMs: 5, onStatus: (_pod, _status, stopped) => reports.push({ stopped, at: Date.now() }) });
    managers.push(manager);
    void manager.start(new AbortController().signal);

    const pod = makePod("db-1", { terminationGracePeriodSeconds: 30 });
    manager.setDesired([pod]);
    const app = () => [...runtime.containers.values()].find((c) => c.info.name.includes("_db-1_app_"))?.info;
    await until(() => expect(app()?.state).toBe("running"));
    runtime.ignoresTerm.add(app()!.id); // trap '' TERM

    // The server marks it: 4 s of grace (not the spec's 30).
    const deleted: Pod = { ...pod, metadata: { ...pod.metadata, deletionTimestamp: new Date().toISOString(), deletionGracePeriodSeconds: 4 } };
    const since = Date.now();
    manager.upsert(deleted);
    await until(() => expect(runtime.signals.filter((s) => s.id === app()!.id).map((s) => s.signal)).toEqual(["SIGTERM"]));
    expect(reports.some((r) => r.stopped)).toBe(false);

    await until(() => expect(reports.at(-1)?.stopped).toBe(true));
    const stoppedAt = reports.find((r) => r.stopped)!.at;
    expect(runtime.signals.filter((s) => s.id === app()!.id).map((s) => s.signal)).toEqual(["SIGTERM", "SIGKILL"]);
    expect(stoppedAt - since).toBeGreaterThanOrEqual(4 * SECOND_MS - 5); // not before the grace period was over
    expect(app()).toMatchObject({ state: "exited", exitCode: 137 });
  });

  it("a second delete with a shorter grace period cuts the stop under way", async () => {
    const runtime = new FakeRuntime({ images: [BUSYBOX], graceSecondMs: SECOND_MS });
    const reports: boolean[] = [];
    const manager = new PodManager({ runtime, nodeName: "n1", log: pino({ level: "silent" }), resyncMs: 5, onStatus: (_pod, _status, stopped) => reports.push(stopped) });
    managers.push(manager);
    void manager.start(new AbortController().signal);
    const pod = makePod("db-1", { terminationGracePeriodSeconds: 60 });
    manager.setDesired([pod]);
    const app = () => [...runtime.containers.values()].find((c) => c.info.name.includes("_db-1_app_"))?.info;
    await until(() => expect(app()?.state).toBe("running"));
    runtime.ignoresTerm.add(app()!.id);

    const mark = (grace: number): Pod => ({ ...pod, metadata: { ...pod.metadata, deletionTimestamp: new Date().toISOString(), deletionGracePeriodSeconds: grace } });
    manager.upsert(mark(60)); // 60 s of grace: 3 s of real time here
    await until(() => expect(runtime.signals.map((s) => s.signal)).toContain("SIGTERM"));
    const cutAt = Date.now();
    manager.upsert(mark(1));
    await until(() => expect(reports.at(-1)).toBe(true));
    expect(Date.now() - cutAt).toBeLessThan(30 * SECOND_MS); // well before the first 60 s were over
    expect(runtime.signals.filter((s) => s.id === app()!.id).map((s) => s.signal)).toEqual(["SIGTERM", "SIGTERM", "SIGKILL"]);
  });
});
