import { describe, expect, it } from "vitest";
import { backoffDelay } from "@skiff/api";
import { RECONNECT_BACKOFF } from "./backoff.js";

describe("RECONNECT_BACKOFF", () => {
  it.each([
    [1, 125, 250],
    [2, 250, 500],
    [10, 5_000, 10_000],
  ])("attempt %i waits between %i and %i ms", (attempt, min, max) => {
    expect(backoffDelay(attempt, RECONNECT_BACKOFF, () => 0.999)).toBeGreaterThanOrEqual(min);
    expect(backoffDelay(attempt, RECONNECT_BACKOFF, () => 0)).toBe(max);
  });
});
