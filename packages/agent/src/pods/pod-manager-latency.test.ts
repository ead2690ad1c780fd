// The start path waits for no timer: with the clock frozen and every timer stopped, a new pod is
// created, started and reported Running on Docker's (here the fake runtime's) work alone.
import { afterEach, describe, expect, it, vi } from "vitest";
import { pino } from "pino";
import type { PodStatus } from "@skiff/api";
import { FakeRuntime } from "../runtime/fake/fake-runtime.js";
import { PodManager } from "./pod-manager.js";
import { StatusReporter } from "../session/status-reporter.js";
import { sendStatuses } from "../session/status-sender.js";
import { T0, makePod } from "./testing.js";

const stop = new AbortController();
afterEach(() => {
  stop.abort();
  vi.useRealTimers();
});

/** Turns of the event loop (setImmediate, which stays real), until `done` or `turns` run out. */
async function turns(done: () => boolean, max = 500): Promise<number> {
  for (let i = 0; i < max; i++) {
    if (done()) return i;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return max;
}

describe("PodManager: the start path", () => {
  it("reports a new pod Running, and sends the report, with every timer stopped", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "setInterval", "Date"], now: T0 });
    const runtime = new FakeRuntime({ images: ["busybox:1.36"], now: () => new Date(T0) });
    const statuses: PodStatus[] = [];
    const reporter = new StatusReporter();
    const sent: string[] = [];
    const manager = new PodManager({
      runtime,
      nodeName: "n1",
      log: pino({ level: "silent" }),
      clock: () => new Date(T0),
      resyncMs: 3_600_000, // a timer-driven pass would come an hour later
      onStatus: (pod, status, stopped) => {
        statuses.push(status);
        reporter.report(pod, status, stopped);
      },
    });
    void manager.start(stop.signal);
    void sendStatuses(reporter, async (batch) => void sent.push(...batch.map((u) => JSON.parse(u.statusJson ?? "{}").phase as string)), stop.signal);

    manager.setDesired([]);
    await turns(() => false, 20); // the first (empty) pass is over; the loop sleeps on its hour-long timer
    manager.upsert(makePod("web"));
    const used = await turns(() => sent.includes("Running"));
    expect(used).toBeLessThan(500);
    expect(statuses.at(-1)?.phase).toBe("Running");
    expect(vi.getTimerCount()).toBeGreaterThan(0); // timers exist, and none was needed
    await manager.stop();
  });
});
