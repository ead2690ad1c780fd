import { describe, expect, it } from "vitest";
import { backoffDelay } from "@skiff/api";
import { RECONNECT_BACKOFF, reconnectDelay, reconnectPolicy } from "./backoff.js";

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

describe("reconnectDelay", () => {
  it("tries another server at once after its server failed", () => {
    expect(reconnectDelay({ failures: 1, switchedServer: true, servers: 3, heartbeatPeriodMs: 2_000 })).toBe(0);
    expect(reconnectDelay({ failures: 3, switchedServer: true, servers: 3, heartbeatPeriodMs: 2_000 })).toBe(0);
  });

  it("backs off once every server has been tried, within a quarter period", () => {
    const delay = reconnectDelay({ failures: 4, switchedServer: true, servers: 3, heartbeatPeriodMs: 2_000 });
    expect(delay).toBeGreaterThan(0);
    expect(delay).toBeLessThanOrEqual(500);
  });

  it("backs off against the one server it has, as before", () => {
    expect(reconnectDelay({ failures: 1, switchedServer: false, servers: 1, heartbeatPeriodMs: 2_000 })).toBeGreaterThan(0);
  });
});
