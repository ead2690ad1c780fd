import { describe, expect, it } from "vitest";
import { Limiter } from "./limiter.js";

describe("Limiter", () => {
  it("lets `size` in at once and the next in arrival order as each leaves", async () => {
    const limiter = new Limiter(2);
    const order: number[] = [];
    const releases = await Promise.all([limiter.acquire(), limiter.acquire()]);
    const third = limiter.acquire().then((r) => (order.push(3), r));
    const fourth = limiter.acquire().then((r) => (order.push(4), r));
    await Promise.resolve();
    expect(order).toEqual([]);
    expect(limiter.inUse).toBe(2);
    releases[0]!();
    releases[0]!(); // a second release of the same place frees nothing more
    (await third)();
    releases[1]!();
    (await fourth)();
    expect(order).toEqual([3, 4]);
    expect(limiter.inUse).toBe(0);
  });

  it("refuses a size below 1", () => {
    expect(() => new Limiter(0)).toThrow(/whole number >= 1/);
  });
});
