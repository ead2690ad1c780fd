import { GRPCDeadlineExceededError, GRPCUnavailableError, GRPCUnknownError } from "etcd3";
import { describe, expect, it } from "vitest";
import { UnavailableError } from "@skiff/api";
import { isUnavailable, read, translate, wasNotSent } from "./etcd-client.js";

const endpoints = ["http://127.0.0.1:1", "http://127.0.0.1:2", "http://127.0.0.1:3"];

describe("read", () => {
  it("tries another member within one budget, each attempt given at most half of it, then names the store and its quorum", async () => {
    const budgets: number[] = [];
    const started = Date.now();
    const failing = read(
      endpoints,
      "get x",
      async ({ deadline }) => {
        budgets.push(deadline - Date.now());
        await new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())));
        throw new GRPCDeadlineExceededError("4 DEADLINE_EXCEEDED: Deadline exceeded");
      },
      400,
    );
    await expect(failing).rejects.toThrow(UnavailableError);
    await expect(failing).rejects.toThrow(/^the store \(etcd at http:\/\/127.0.0.1:1,http:\/\/127.0.0.1:2,http:\/\/127.0.0.1:3\) does not answer or has no quorum \(get x: .*\): try again when etcd is back$/);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(budgets.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...budgets)).toBeLessThanOrEqual(200);
  });

  it("answers from the next member when one refuses", async () => {
    let calls = 0;
    const value = await read(endpoints, "get x", async () => {
      if (calls++ === 0) throw new GRPCUnavailableError("14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1");
      return "ok";
    });
    expect(value).toBe("ok");
  });

  it("keeps trying while a dead member is picked again and again, within the budget, then fails naming the store", async () => {
    const refused = () => new GRPCUnavailableError("14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1");
    let calls = 0;
    // The client picked the dead member six times running (more than there are members).
    expect(await read(endpoints, "get x", async () => (calls++ < 6 ? Promise.reject(refused()) : "ok"), 2_000)).toBe("ok");
    const started = Date.now();
    await expect(read(endpoints, "get x", async () => Promise.reject(refused()), 300)).rejects.toThrow(UnavailableError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe("wasNotSent", () => {
  it("holds for a refused connection, not for a deadline (a write's outcome is then unknown)", () => {
    expect(wasNotSent(new GRPCUnavailableError("14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED"))).toBe(true);
    expect(wasNotSent(new GRPCDeadlineExceededError("4 DEADLINE_EXCEEDED: Deadline exceeded"))).toBe(false);
    expect(wasNotSent(new GRPCUnavailableError("14 UNAVAILABLE: etcdserver: request timed out"))).toBe(false);
  });
});

describe("isUnavailable", () => {
  it("holds for a member that timed out waiting for its quorum (UNKNOWN from the server), names the store", () => {
    const err = new GRPCUnknownError("2 UNKNOWN: context deadline exceeded");
    expect(isUnavailable(err)).toBe(true);
    expect(isUnavailable(new GRPCUnknownError("2 UNKNOWN: etcdserver: request timed out"))).toBe(true);
    expect(translate(endpoints, "commit", err).message).toMatch(/^the store \(etcd at http:\/\/127.0.0.1:1,.*\) does not answer or has no quorum \(commit: 2 UNKNOWN: context deadline exceeded\)/);
  });

  it("does not hold for other unknown errors", () => {
    expect(isUnavailable(new GRPCUnknownError("2 UNKNOWN: something else"))).toBe(false);
  });
});
