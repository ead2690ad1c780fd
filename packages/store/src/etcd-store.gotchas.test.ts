// What etcd does that LevelDB does not, and how EtcdStore copes (reference/etcd.md): etcd
// restarts under a watch, compaction, the per-transaction limits, an etcd that does not answer,
// other servers writing the same keys, and lists bigger than one page.
import { describe, expect, it, afterEach } from "vitest";
import { ExpiredError, UnavailableError, type ApiObject } from "@skiff/api";
import { commitInChunks } from "./commit-in-chunks.js";
import { createEtcdClient } from "./etcd-client.js";
import { EtcdCompactor } from "./etcd-compactor.js";
import { EtcdLeaderKey } from "./etcd-leader-key.js";
import { EtcdStore } from "./etcd-store.js";
import { CommitTooLargeError } from "./errors.js";
import { WatchFailedError } from "./etcd-watch.js";
import { etcdHarness } from "./test-harnesses.js";
import { pod, ref } from "./test-store-contract.js";
import type { Store, WatchEvent, WriteOp } from "./types.js";

const harness = etcdHarness();
const opened: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
});
let prefixes = 0;

async function open(prefix = `/gotchas-${prefixes++}`, extra: Partial<Parameters<typeof EtcdStore.open>[0]> = {}): Promise<EtcdStore> {
  const store = await EtcdStore.open({ ...harness().storeOptions(prefix), ...extra });
  opened.push(store);
  return store;
}

/** Reads retry by themselves; wait until etcd answers again before writing. */
async function untilAnswering(store: Store): Promise<void> {
  await expect.poll(() => store.get(ref("nothing")).then(() => true, () => false), { timeout: 15_000, interval: 200 }).toBe(true);
}

describe("EtcdStore on a real etcd", () => {
  it("keeps a watch across an etcd restart without losing or repeating an event", async () => {
    // The watch waits 4 s before reopening its stream, so every write below lands while it is
    // away and must come from etcd's history when it resumes (etcd3's own Watcher would resume
    // from "now" and lose them).
    const store = await open(undefined, { watchRetry: { firstMs: 4_000, maxMs: 4_000 } });
    const base = store.revision();
    const seen: WatchEvent[] = [];
    const controller = new AbortController();
    const watching = (async () => {
      for await (const event of store.watch({ fromRevision: base, signal: controller.signal })) seen.push(event);
    })();
    await store.create(pod("before"));
    await expect.poll(() => seen.length).toBe(1);

    await harness().etcd.kill(); // the watch stream breaks here
    await harness().etcd.start();
    await untilAnswering(store);
    await store.create(pod("after-1"));
    await store.commit([{ type: "create", object: pod("after-2") }, { type: "create", object: pod("after-3") }]);
    await store.delete(ref("before"));
    await expect.poll(() => seen.length, { timeout: 15_000 }).toBe(5);
    controller.abort();
    await watching;

    expect(seen.map((e) => `${e.revision - base} ${e.type} ${e.object.metadata.name}`)).toEqual([
      "1 ADDED before",
      "2 ADDED after-1",
      "3 ADDED after-2",
      "3 ADDED after-3",
      "4 DELETED before",
    ]);
  });

  it("gives ExpiredError to a watch from a compacted revision, and lists still work", async () => {
    const store = await open();
    const base = store.revision();
    let now = 0;
    const compactor = new EtcdCompactor({ endpoints: [harness().etcd.endpoint], retentionMs: 5 * 60_000, now: () => now });
    opened.push(compactor);
    await store.create(pod("a"));
    await store.create(pod("b"));
    expect(await compactor.tick()).toBeUndefined(); // notes the current revision, compacts nothing
    const noted = store.revision();
    await store.create(pod("c"));
    now = 5 * 60_000 - 1;
    expect(await compactor.tick()).toBeUndefined(); // not yet 5 minutes old
    now = 5 * 60_000;
    expect(await compactor.tick()).toBe(noted);

    const stale = store.watch({ fromRevision: base })[Symbol.asyncIterator]();
    await expect(stale.next()).rejects.toThrow(ExpiredError);
    await expect(store.watch({ fromRevision: base })[Symbol.asyncIterator]().next()).rejects.toThrow(/re-list and watch again/);
    const fresh = store.watch({ fromRevision: noted })[Symbol.asyncIterator]();
    expect((await fresh.next()).value).toMatchObject({ type: "ADDED", object: { metadata: { name: "c" } } });
    await fresh.return?.();
    expect((await store.list("Pod")).items.map((p) => p.metadata.name)).toEqual(["a", "b", "c"]);
  });

  it("refuses a commit over etcd's 128 operations, naming the limit, and writes nothing", async () => {
    const store = await open();
    const base = store.revision();
    const many = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ type: "create" as const, object: pod(`${tag}-${i}`) }));
    await expect(store.commit(many(129, "x"))).rejects.toThrow(CommitTooLargeError);
    await expect(store.commit(many(129, "x"))).rejects.toThrow(/129 objects.*--max-txn-ops 128/);
    expect((await store.list("Pod")).items).toHaveLength(0);
    const results = await store.commit(many(128, "y"));
    expect(new Set(results.map((o) => o.metadata.resourceVersion))).toEqual(new Set([String(base + 1)]));
  });

  it("refuses a commit over etcd's 1.5 MiB request limit, naming the limit", async () => {
    const store = await open();
    const big: ApiObject = { ...pod("big"), data: { blob: "x".repeat(1.6 * 1024 * 1024) } };
    await expect(store.create(big)).rejects.toThrow(CommitTooLargeError);
    // Too big for any transaction: the refusal names the object, its size and the limit.
    await expect(store.create(big)).rejects.toThrow(/^Pod default\/big is 1\.60 MiB as stored, more than etcd accepts in one request \(--max-request-bytes 1\.50 MiB\)/);
    // Split over several objects that each fit, it is only the commit that is too large.
    const halves = ["h1", "h2"].map((name): WriteOp => ({ type: "create", object: { ...pod(name), data: { blob: "x".repeat(0.8 * 1024 * 1024) } } }));
    await expect(store.commit(halves)).rejects.toThrow(/this commit is about 1\.60 MiB.*--max-request-bytes 1\.50 MiB/);
    expect((await commitInChunks(store, halves)).map((o) => o.metadata.name)).toEqual(["h1", "h2"]);
    const fits: ApiObject = { ...pod("fits"), data: { blob: "x".repeat(1024 * 1024) } };
    expect((await store.create(fits)).metadata.name).toBe("fits");
  });

  it("says which endpoint does not answer, within the deadline, instead of hanging", async () => {
    const started = Date.now();
    const unreachable = EtcdStore.open({ endpoints: ["http://127.0.0.1:1"], callTimeoutMs: 1_000 });
    await expect(unreachable).rejects.toThrow(UnavailableError);
    await expect(EtcdStore.open({ endpoints: ["http://127.0.0.1:1"], callTimeoutMs: 1_000 })).rejects.toThrow(/the store \(etcd at http:\/\/127.0.0.1:1\) does not answer/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("lets two servers write the same keys: compares catch the races, no write is lost", async () => {
    const [one, two] = [await open("/shared"), await open("/shared")];
    const base = one.revision();
    await one.create(pod("counter"));
    // Unconditional updates from both at once: each txn that loses a race is re-read and re-planned.
    const writes = Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).update({ ...pod("counter"), spec: { image: `v${i}` } }));
    const results = await Promise.all(writes);
    expect(new Set(results.map((o) => o.metadata.resourceVersion)).size).toBe(10);
    // A stale resourceVersion from the other server is still a conflict.
    const fromOne = await one.get(ref("counter"));
    await two.update({ ...fromOne!, spec: { image: "two" } });
    await expect(one.update({ ...fromOne!, spec: { image: "one" } })).rejects.toThrow(/was modified/);
    expect(Number((await two.get(ref("counter")))!.metadata.resourceVersion)).toBe(base + 12);
  });

  it("lists page by page at one revision", async () => {
    const store = await open(undefined, { pageSize: 2 });
    for (const name of ["e", "d", "c", "b", "a"]) await store.create(pod(name));
    const { items, revision } = await store.list("Pod");
    expect(items.map((p) => p.metadata.name)).toEqual(["a", "b", "c", "d", "e"]);
    expect(revision).toBe(store.revision());
  });

  it("keeps a watch of several kinds (or of all) going past a leader election under the same prefix", async () => {
    // Issue 14 (R7): the leader key `<prefix>/system/leader` holds a plain identity, not an
    // object. A watch of several kinds (an agent's Assignments stream) or of every kind covers
    // the whole prefix; decoding that key's event failed, the watch took it for a broken stream
    // and reopened at the same revision, forever: the agent never heard of its pods again.
    const prefix = `/gotchas-${prefixes++}`;
    const store = await open(prefix);
    const leader = new EtcdLeaderKey({ ...harness().storeOptions(prefix), ttlSeconds: 5 });
    opened.push(leader);
    const base = store.revision();
    const controller = new AbortController();
    const follow = (options: { kinds?: string[] }) => {
      const seen: string[] = [];
      const done = (async () => {
        for await (const event of store.watch({ fromRevision: base, signal: controller.signal, ...options })) seen.push(`${event.type} ${event.object.kind} ${event.object.metadata.name}`);
      })();
      return { seen, done };
    };
    const several = follow({ kinds: ["Pod", "ConfigMap"] });
    const all = follow({});
    await store.create(pod("before"));
    expect((await leader.campaign("vm_127.0.0.1:7443_abc")).won).toBe(true); // a Put of the key
    await store.create(pod("while-leading"));
    await leader.resign(); // the lease revoked: a Delete of the key
    await store.create(pod("after"));
    const expected = ["ADDED Pod before", "ADDED Pod while-leading", "ADDED Pod after"];
    await expect.poll(() => several.seen, { timeout: 10_000 }).toEqual(expected);
    await expect.poll(() => all.seen, { timeout: 10_000 }).toEqual(expected);
    controller.abort();
    await Promise.all([several.done, all.done]);
  });

  it("ends a watch with an error naming the key when a value under it is not an object, instead of reopening it forever", async () => {
    const prefix = `/gotchas-${prefixes++}`;
    const store = await open(prefix);
    const base = store.revision();
    const client = createEtcdClient({ endpoints: [harness().etcd.endpoint] });
    opened.push(client);
    await client.put(`${prefix}/Pod/default/garbage`).value("not json");
    const seen: string[] = [];
    const watching = (async () => {
      for await (const event of store.watch({ kind: "Pod", fromRevision: base })) seen.push(event.object.metadata.name);
    })();
    const err = await watching.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(WatchFailedError);
    expect((err as Error).message).toMatch(new RegExp(`^the value of ${prefix}/Pod/default/garbage at revision \\d+ is not a stored object`));
    expect(seen).toEqual([]);
  });
});
