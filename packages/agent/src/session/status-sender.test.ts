import { describe, expect, it, vi } from "vitest";
import type { Pod } from "@skiff/api";
import { StatusReporter } from "./status-reporter.js";
import { sendStatuses } from "./status-sender.js";

const pod = (uid: string): Pod => ({ apiVersion: "v1", kind: "Pod", metadata: { name: uid, namespace: "default", uid }, spec: { containers: [] } });
/** Turns of the event loop (setImmediate stays real), until `check` passes; vi.waitFor would advance the fake timers. */
async function turns(check: () => void, max = 200): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      check();
      return;
    } catch (err) {
      if (i >= max) throw err;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

const phases = (calls: { statusJson?: string }[][]) => calls.map((b) => b.map((u) => JSON.parse(u.statusJson ?? "{}").phase));

describe("sendStatuses", () => {
  it("sends a status at once, with no timer, and what comes during a call in the next one", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "setInterval"] }); // a timer-driven batch would never fire
    const ac = new AbortController();
    try {
      const reporter = new StatusReporter();
      const calls: { statusJson?: string }[][] = [];
      let release!: () => void;
      const loop = sendStatuses(
        reporter,
        (batch) => {
          calls.push(batch);
          return calls.length === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
        },
        ac.signal,
      );
      reporter.report(pod("a"), { phase: "Running" });
      reporter.report(pod("b"), { phase: "Pending" }); // the same pass: the same call
      await turns(() => expect(phases(calls)).toEqual([["Running", "Pending"]]));
      reporter.report(pod("b"), { phase: "Running" });
      reporter.report(pod("c"), { phase: "Running" });
      expect(calls).toHaveLength(1);
      release();
      await turns(() => expect(phases(calls)).toEqual([["Running", "Pending"], ["Running", "Running"]]));
      ac.abort();
      await loop;
    } finally {
      ac.abort();
      vi.useRealTimers();
    }
  });
});

describe("sendStatuses, when a send is refused for now", () => {
  it("keeps the statuses and sends them (the newest) on the next call", async () => {
    const ac = new AbortController();
    const reporter = new StatusReporter();
    const calls: { statusJson?: string }[][] = [];
    const loop = sendStatuses(
      reporter,
      async (batch) => {
        calls.push(batch);
        if (calls.length === 1) {
          reporter.report(pod("a"), { phase: "Running" }); // changed while refused
          return false;
        }
        return true;
      },
      ac.signal,
    );
    reporter.report(pod("a"), { phase: "Pending" });
    await vi.waitFor(() => expect(phases(calls)).toEqual([["Pending"], ["Running"]]));
    expect(reporter.pending()).toEqual([]);
    ac.abort();
    await loop;
  });
});
