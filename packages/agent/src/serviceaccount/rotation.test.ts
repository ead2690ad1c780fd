import { describe, expect, it } from "vitest";
import { RETRY_MS, nextFetchDelay, refreshAt } from "./rotation.js";

describe("token rotation timing (the kubelet's)", () => {
  it("asks again at 80% of the token's life", () => {
    expect(refreshAt(0, 3600_000)).toBe(2880_000);
    expect(refreshAt(1000, 31_000)).toBe(25_000);
  });

  it("never waits more than 24 h, whatever the lifetime", () => {
    expect(refreshAt(0, 7 * 24 * 3600_000)).toBe(24 * 3600_000);
  });

  it("waits until then, at once when late, and retries a failure soon", () => {
    const token = { fetchedAtMs: 0, expiresAtMs: 30_000 };
    expect(nextFetchDelay(10_000, token, false)).toBe(14_000);
    expect(nextFetchDelay(29_000, token, false)).toBe(0);
    expect(nextFetchDelay(10_000, token, true)).toBe(RETRY_MS);
    expect(nextFetchDelay(10_000, undefined, false)).toBe(RETRY_MS);
  });
});
