import { describe, expect, it, vi } from "vitest";
import { MAX_DELAY_MS, WorkQueue } from "./work-queue.js";

describe("WorkQueue", () => {
  it("queues a key once however often it is added", async () => {
    const q = new WorkQueue();
    q.add("a");
    q.add("b");
    q.add("a");
    expect(q.length).toBe(2);
    expect(await q.get()).toBe("a");
    expect(await q.get()).toBe("b");
  });

  it("never hands a key to two workers; a key added while processed comes back after done", async () => {
    const q = new WorkQueue();
    q.add("a");
    const key = await q.get();
    q.add("a");
    expect(q.length).toBe(0);
    q.done(key ?? "");
    expect(await q.get()).toBe("a");
  });

  it("a waiting worker gets the next key at once", async () => {
    const q = new WorkQueue();
    const waiting = q.get();
    q.add("x");
    expect(await waiting).toBe("x");
  });

  it("backs off per key, and forget resets", () => {
    const q = new WorkQueue({ baseMs: 10, maxMs: 35 });
    expect([q.addRateLimited("k"), q.addRateLimited("k"), q.addRateLimited("k"), q.addRateLimited("k")]).toEqual([10, 20, 35, 35]);
    q.forget("k");
    expect(q.addRateLimited("k")).toBe(10);
    q.shutDown();
  });

  it("addAfter keeps the sooner of two requests", async () => {
    const q = new WorkQueue();
    q.addAfter("k", 10_000);
    q.addAfter("k", 10);
    const started = Date.now();
    expect(await q.get()).toBe("k");
    expect(Date.now() - started).toBeLessThan(5_000);
    q.shutDown();
  });

  it("cancelAfter drops a pending addAfter and its timer", () => {
    vi.useFakeTimers();
    try {
      const q = new WorkQueue();
      q.addAfter("gone", 600_000);
      expect(vi.getTimerCount()).toBe(1);
      q.cancelAfter("gone");
      expect(vi.getTimerCount()).toBe(0);
      vi.advanceTimersByTime(600_000);
      expect(q.length).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("addAfter adds later; shutDown releases waiting workers", async () => {
    const q = new WorkQueue();
    q.addAfter("later", 20);
    expect(q.length).toBe(0);
    expect(await q.get()).toBe("later");
    const waiting = q.get();
    q.shutDown();
    expect(await waiting).toBeUndefined();
  });

  it("addAfter a year (a yearly CronJob) waits a day, never fires at once as an overlong setTimeout would", () => {
    vi.useFakeTimers();
    try {
      const q = new WorkQueue();
      q.addAfter("yearly", 365 * 24 * 3600 * 1000);
      vi.advanceTimersByTime(1000);
      expect(q.length).toBe(0);
      vi.advanceTimersByTime(MAX_DELAY_MS);
      expect(q.length).toBe(1);
      q.shutDown();
    } finally {
      vi.useRealTimers();
    }
  });
});
