import { describe, expect, it } from "vitest";
import { Backoff, sleep } from "./backoff.js";

describe("Backoff", () => {
  it("doubles up to the ceiling, and starts over after reset", () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1_000, jitter: 0.5 }, () => 0);
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 800, 1000, 1000]);
    b.reset();
    expect(b.next()).toBe(100);
  });

  it("jitter only shortens a delay", () => {
    const b = new Backoff({ initialMs: 100, jitter: 0.5 }, () => 1);
    expect(b.next()).toBe(50);
  });
});

describe("sleep", () => {
  it("ends early when aborted", async () => {
    const ac = new AbortController();
    const started = Date.now();
    const done = sleep(10_000, ac.signal);
    ac.abort();
    await done;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
