import { GRPCDeadlineExceededError, GRPCInvalidArgumentError } from "etcd3";
import { describe, expect, it } from "vitest";
import { EtcdMembers, MemberAvoidedError, PROBE_PAUSE_MS } from "./etcd-members.js";

const timedOut = () => new GRPCDeadlineExceededError("4 DEADLINE_EXCEEDED: Deadline exceeded");

describe("EtcdMembers", () => {
  it("skips a member whose call timed out until a probe of it is answered", async () => {
    let answering = false;
    const probed: string[] = [];
    const members = new EtcdMembers(["a", "b", "c"], async (member) => {
      probed.push(member);
      if (!answering) throw timedOut();
    });
    try {
      const a = members.policyFor("a");
      await expect(a.execute(() => Promise.reject(timedOut()))).rejects.toThrow(GRPCDeadlineExceededError);
      let called = false;
      await expect(a.execute(() => (called = true))).rejects.toThrow(MemberAvoidedError);
      expect(called).toBe(false);
      expect(await members.policyFor("b").execute(() => "b answers")).toBe("b answers");
      await new Promise((r) => setTimeout(r, PROBE_PAUSE_MS * 2.5));
      expect(probed.length).toBeGreaterThanOrEqual(1);
      expect(members.avoids("a")).toBe(true);
      answering = true;
      await expect.poll(() => members.avoids("a"), { timeout: 2_000, interval: 20 }).toBe(false);
      expect(await a.execute(() => "a answers again")).toBe("a answers again");
    } finally {
      members.close();
    }
  });

  it("does not avoid a member for an error that is its answer (a bad request), and never avoids all of them", async () => {
    const members = new EtcdMembers(["a", "b"], () => Promise.reject(timedOut()));
    try {
      await expect(members.policyFor("a").execute(() => Promise.reject(new GRPCInvalidArgumentError("3 INVALID_ARGUMENT")))).rejects.toThrow();
      expect(members.avoids("a")).toBe(false);
      members.failed("a", timedOut());
      members.failed("b", timedOut());
      // Every member silent: that is a lost quorum, and calls fail on their own deadlines instead.
      expect(members.avoids("a")).toBe(false);
      expect(members.avoids("b")).toBe(false);
    } finally {
      members.close();
    }
  });
});
