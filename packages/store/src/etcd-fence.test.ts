// Fencing against a real etcd: a term's writes carry its leader key's create_revision, so once
// the lease is gone and another server has won, the old term's writes are refused by etcd itself
// (nothing written, LeadershipLostError naming the new holder, `onLost` called once), while the
// new term writes. A lease left to expire (a paused leader) is the case that matters: no resign.
import { afterEach, describe, expect, it } from "vitest";
import { ConflictError } from "@skiff/api";
import { EtcdLeaderKey } from "./etcd-leader-key.js";
import { EtcdStore } from "./etcd-store.js";
import { LeadershipLostError } from "./errors.js";
import { etcdHarness } from "./test-harnesses.js";
import { pod, ref } from "./test-store-contract.js";

const harness = etcdHarness();
const closing: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closing.splice(0).reverse()) await c();
});
let next = 0;

async function setup(ttlSeconds = 1) {
  const h = harness();
  const prefix = `/fence-${process.pid}-${next++}`;
  const options = { endpoints: [h.etcd.endpoint], prefix };
  const keyA = new EtcdLeaderKey({ ...options, ttlSeconds });
  const keyB = new EtcdLeaderKey({ ...options, ttlSeconds });
  const store = await EtcdStore.open(options);
  closing.push(() => keyA.close(), () => keyB.close(), () => store.close());
  return { keyA, keyB, store };
}

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a fenced store (one leader term)", () => {
  it("writes while the term holds, and refuses every write once another server has won", async () => {
    const { keyA, keyB, store } = await setup();
    expect((await keyA.campaign("server-a")).won).toBe(true);
    let lost = 0;
    const termA = store.fenced(keyA.fence()!, () => lost++);
    expect((await termA.create(pod("before"))).metadata.name).toBe("before");

    // A stops renewing (paused): its lease expires, etcd deletes the key, B wins.
    await until(async () => (await keyB.campaign("server-b")).won);
    const termB = store.fenced(keyB.fence()!);

    await expect(termA.create(pod("late"))).rejects.toThrow(LeadershipLostError);
    await expect(termA.commit([{ type: "create", object: pod("late") }, { type: "delete", ref: ref("before") }])).rejects.toThrow(
      /^write refused: server-a no longer leads \(server-b does\); nothing was written$/,
    );
    expect(lost).toBe(1);
    expect(await store.get(ref("late"))).toBeUndefined();
    expect(await store.get(ref("before"))).toBeDefined();

    expect((await termB.create(pod("late"))).metadata.name).toBe("late");
    // Unfenced writes (the API's, on any server) are not affected.
    expect((await store.create(pod("by-api"))).metadata.name).toBe("by-api");
  });

  it("refuses the old term's writes even when no one leads yet, and after the same server wins again", async () => {
    const { keyA, store } = await setup();
    expect((await keyA.campaign("server-a")).won).toBe(true);
    const first = store.fenced(keyA.fence()!);
    await until(async () => (await keyA.holder()) === undefined);
    await expect(first.create(pod("x"))).rejects.toThrow(/server-a no longer leads \(no server does\)/);

    expect((await keyA.campaign("server-a")).won).toBe(true);
    const second = store.fenced(keyA.fence()!);
    await expect(first.create(pod("x"))).rejects.toThrow(LeadershipLostError); // a new term of the same server is another term
    expect((await second.create(pod("x"))).metadata.name).toBe("x");
  });

  it("still tells a conflict from a lost term", async () => {
    const { keyA, store } = await setup(30); // a lease that outlives the test: only the conflict can refuse
    expect((await keyA.campaign("server-a")).won).toBe(true);
    const term = store.fenced(keyA.fence()!);
    const created = await term.create(pod("web"));
    await store.update({ ...created, spec: { image: "redis" } });
    await expect(term.update({ ...created, spec: { image: "nginx:2" } })).rejects.toThrow(ConflictError);
    expect((await term.create(pod("next"))).metadata.name).toBe("next");
  });
});
