import { describe, expect, it } from "vitest";
import { afterCampaign, afterRenew, callTimeoutMs, DEFAULT_ELECTION_TIMING as T, FOLLOWER, mustStepDown, nextCallInMs, stepDownAt, timingProblem } from "./election-plan.js";

describe("election timing", () => {
  it("accepts the defaults and refuses a deadline at or past the TTL, or an interval past the deadline", () => {
    expect(timingProblem(T)).toBeUndefined();
    expect(timingProblem({ ...T, renewDeadlineMs: 5_000 })).toMatch(/shorter than the lease TTL/);
    expect(timingProblem({ ...T, renewIntervalMs: 4_000 })).toMatch(/renew interval .* shorter than the renew deadline/);
  });
});

describe("who leads, and until when", () => {
  it("a won campaign leads from when it was sent; a lost one follows", () => {
    expect(afterCampaign(true, 1_000)).toEqual({ leading: true, since: 1_000, renewedFrom: 1_000 });
    expect(afterCampaign(false, 1_000)).toEqual(FOLLOWER);
  });

  it("steps down at the renew deadline from the last renewal SENT, before etcd can expire the lease", () => {
    const role = afterCampaign(true, 10_000);
    expect(mustStepDown(role, 13_499, T)).toBe(false);
    expect(mustStepDown(role, 13_500, T)).toBe(true);
    // etcd expires the lease no earlier than TTL after the grant was sent: the leader is gone first.
    expect(stepDownAt(role, T)!).toBeLessThan(10_000 + T.ttlMs);
  });

  it("a renewal moves the deadline on; an unanswered one keeps it; a lost lease ends the lead at once", () => {
    const role = afterCampaign(true, 10_000);
    const renewed = afterRenew(role, true, 11_000);
    expect(stepDownAt(renewed, T)).toBe(14_500);
    expect(afterRenew(renewed, undefined, 12_000)).toBe(renewed);
    expect(afterRenew(renewed, false, 12_000)).toEqual(FOLLOWER);
  });

  it("a late answer to an older keepalive never moves the deadline back", () => {
    const newer = afterRenew(afterCampaign(true, 10_000), true, 12_000);
    expect(stepDownAt(afterRenew(newer, true, 11_000), T)).toBe(15_500);
  });

  it("a follower is never told to step down, and a renewal of a follower changes nothing", () => {
    expect(mustStepDown(FOLLOWER, 1e12, T)).toBe(false);
    expect(afterRenew(FOLLOWER, true, 5)).toEqual(FOLLOWER);
  });

  it("the leader renews every interval, a follower retries every retry interval", () => {
    expect(nextCallInMs(afterCampaign(true, 0), T)).toBe(T.renewIntervalMs);
    expect(nextCallInMs(FOLLOWER, T)).toBe(T.retryIntervalMs);
  });

  it("a leader's call may wait until its deadline, not past it", () => {
    const role = afterRenew(afterCampaign(true, 10_000), true, 11_000);
    expect(callTimeoutMs(role, 12_000, T)).toBe(2_500);
    expect(callTimeoutMs(role, 14_490, T)).toBe(100);
    expect(callTimeoutMs(FOLLOWER, 0, T)).toBe(1_000);
  });
});
