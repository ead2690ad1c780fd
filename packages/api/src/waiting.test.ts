import { describe, expect, it } from "vitest";
import { Backoff, backoffDelay, sleep, whenAborted } from "./waiting.js";

describe("backoffDelay", () => {
  it("doubles from initialMs up to maxMs; jitter draws below the cap", () => {
    const policy = { initialMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5, 40].map((a) => backoffDelay(a, policy))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(backoffDelay(3, { ...policy, jitter: 0.5 }, () => 1)).toBe(200);
    expect(backoffDelay(3, { ...policy, jitter: 0.5 }, () => 0)).toBe(400);
    expect(backoffDelay(3, { initialMs: 10, maxMs: 1_000, factor: 1 })).toBe(10);
  });
});

describe("Backoff", () => {
  it("counts its attempts and starts over after reset", () => {
    const b = new Backoff({ initialMs: 100, maxMs: 300 });
    expect([b.next(), b.next(), b.next()]).toEqual([100, 200, 300]);
    b.reset();
    expect(b.next()).toBe(100);
  });
});

describe("sleep", () => {
  it("ends early when the signal aborts, and leaves no listener behind", async () => {
    const ac = new AbortController();
    let added = 0;
    let removed = 0;
    const add = ac.signal.addEventListener.bind(ac.signal);
    const remove = ac.signal.removeEventListener.bind(ac.signal);
    ac.signal.addEventListener = ((...args: Parameters<typeof add>) => (added++, add(...args))) as typeof add;
    ac.signal.removeEventListener = ((...args: Parameters<typeof remove>) => (removed++, remove(...args))) as typeof remove;
    for (let i = 0; i < 5; i++) await sleep(1, ac.signal);
    expect(added).toBe(5);
    expect(removed).toBe(5);
    const started = Date.now();
    const long = sleep(60_000, ac.signal);
    ac.abort();
    await long;
    expect(Date.now() - started).toBeLessThan(1_000);
    await sleep(60_000, ac.signal); // already aborted: at once
    await whenAborted(ac.signal);
  });
});
