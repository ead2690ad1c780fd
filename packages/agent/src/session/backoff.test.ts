import { describe, expect, it } from "vitest";
import { backoffDelay } from "@skiff/api";
import { RECONNECT_BACKOFF, reconnectPolicy } from "./backoff.js";

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

describe("reconnectPolicy", () => {
  it("before any registration: the plain policy, up to 10 s", () => {
    expect(backoffDelay(20, reconnectPolicy(undefined), () => 0)).toBe(10_000);
  });

  it("after a registration: never longer than a quarter of the server's heartbeat period", () => {
    expect(backoffDelay(20, reconnectPolicy(2_000), () => 0)).toBe(500);
    expect(backoffDelay(1, reconnectPolicy(2_000), () => 0)).toBe(250);
    expect(backoffDelay(20, reconnectPolicy(500), () => 0)).toBe(125);
    expect(backoffDelay(1, reconnectPolicy(500), () => 0)).toBe(125);
    // A huge period does not lift the 10 s cap.
    expect(backoffDelay(20, reconnectPolicy(60_000), () => 0)).toBe(10_000);
  });
});
