// The leader key against a real etcd: one campaign wins, the others see the holder; a resign
// frees it at once; a lease left to expire frees it after its TTL.
import { describe, expect, it } from "vitest";
import { EtcdLeaderKey } from "./etcd-leader-key.js";
import { etcdHarness } from "./test-harnesses.js";

const harness = etcdHarness();
let next = 0;

function pair(ttlSeconds = 1) {
  const h = harness();
  const prefix = `/leader-${process.pid}-${next++}`;
  const a = new EtcdLeaderKey({ endpoints: [h.etcd.endpoint], prefix, ttlSeconds });
  const b = new EtcdLeaderKey({ endpoints: [h.etcd.endpoint], prefix, ttlSeconds });
  return { a, b, close: () => (a.close(), b.close()) };
}

describe("EtcdLeaderKey", () => {
  it("lets exactly one campaign win; the other sees who holds it", async () => {
    const { a, b, close } = pair();
    try {
      const results = await Promise.all([a.campaign("a"), b.campaign("b")]);
      expect(results.filter((r) => r.won)).toHaveLength(1);
      const holder = results.find((r) => r.won)!.holder;
      expect(results.map((r) => r.holder)).toEqual([holder, holder]);
      expect(await a.holder()).toBe(holder);
    } finally {
      close();
    }
  });

  it("renews while held; a resign frees the key at once", async () => {
    const { a, b, close } = pair();
    try {
      expect((await a.campaign("a")).won).toBe(true);
      expect(await a.renew()).toBe(true);
      await a.resign();
      expect(await a.holder()).toBeUndefined();
      expect(await b.campaign("b")).toEqual({ won: true, holder: "b" });
      expect(await a.renew()).toBe(false); // a holds nothing any more
    } finally {
      close();
    }
  });

  it("frees the key when its lease expires, and says so to a late renewal", async () => {
    const { a, b, close } = pair(1);
    try {
      expect((await a.campaign("a")).won).toBe(true);
      expect((await b.campaign("b")).won).toBe(false);
      const start = Date.now();
      while ((await b.campaign("b")).won === false) {
        if (Date.now() - start > 5_000) throw new Error("the lease did not expire");
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(Date.now() - start).toBeGreaterThanOrEqual(500);
      expect(await a.renew()).toBe(false);
    } finally {
      close();
    }
  });
});
