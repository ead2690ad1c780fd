import { describe, expect, it } from "vitest";
import { backoffDelayMs, crashDelayMs, crashRestartAt, nextBackoffStep, pullRetryAt } from "./backoff.js";
import { appInfo, makePod, T0 } from "./testing.js";

const pod = makePod("web");
const exited = (o: { attempt?: number; step?: number; started?: number; finished?: number }) =>
  appInfo(pod, { state: "exited", exitCode: 1, started: 0, finished: 5, ...o });

describe("crash back-off", () => {
  it("waits 10 s, doubling at each step, up to 5 minutes", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((s) => backoffDelayMs(s) / 1000)).toEqual([10, 20, 40, 80, 160, 300, 300, 300]);
  });

  it("restarts a first crash at once, as the kubelet does, and backs off from the second", () => {
    expect([0, 1, 2, 3, 6, 7].map((step) => crashDelayMs(exited({ step })) / 1000)).toEqual([0, 10, 20, 40, 300, 300]);
  });

  it("reads the step from the exited container's label", () => {
    expect(crashDelayMs(exited({ attempt: 7, step: 2 }))).toBe(20_000);
    expect(crashRestartAt(exited({ step: 2, finished: 100 }))).toBe(T0 + 120_000);
  });

  it("falls back to the attempt number for a container without a step label", () => {
    const c = exited({ attempt: 3 });
    delete c.labels["skiff.backoff-step"];
    expect(crashDelayMs(c)).toBe(40_000);
  });

  it("restarts at once after a container that ran for 10 minutes", () => {
    expect(crashDelayMs(exited({ step: 6, started: 0, finished: 600 }))).toBe(0);
    expect(crashDelayMs(exited({ step: 6, started: 0, finished: 599 }))).toBe(300_000);
  });

  it("counts a crash loop's steps forward, and starts over after a long run", () => {
    expect(nextBackoffStep(undefined, true)).toBe(0);
    expect(nextBackoffStep(exited({ step: 2 }), true)).toBe(3);
    expect(nextBackoffStep(exited({ step: 5 }), true)).toBe(6);
    expect(nextBackoffStep(exited({ step: 6 }), true)).toBe(6);
    expect(nextBackoffStep(exited({ step: 4, started: 0, finished: 700 }), true)).toBe(1);
    expect(nextBackoffStep(exited({ step: 4 }), false)).toBe(0); // replaced, not crashed
  });
});

describe("image pull back-off", () => {
  it("has none before a failure, then the same steps as crashes", () => {
    expect(pullRetryAt(undefined)).toBeUndefined();
    expect(pullRetryAt({ present: false, failures: 0 })).toBeUndefined();
    expect(pullRetryAt({ present: false, failures: 1, lastFailureAt: T0 })).toBe(T0 + 10_000);
    expect(pullRetryAt({ present: false, failures: 3, lastFailureAt: T0 })).toBe(T0 + 40_000);
    expect(pullRetryAt({ present: false, failures: 30, lastFailureAt: T0 })).toBe(T0 + 300_000);
  });
});
