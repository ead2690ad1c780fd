import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.js";

describe("backoffDelay", () => {
  const policy = { initialMs: 100, maxMs: 1000 };
  it.each([
    [1, 0, 50],
    [1, 0.999, 100],
    [2, 0, 100],
    [4, 0, 400],
    [5, 0, 500],
    [10, 0.999, 1000],
  ])("attempt %i with random %f -> %i ms", (attempt, r, ms) => {
    expect(backoffDelay(attempt, policy, () => r)).toBe(ms);
  });
});
