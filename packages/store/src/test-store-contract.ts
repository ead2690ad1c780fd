// The Store contract as tests, run against every backend (level-store.test.ts, etcd-store.test.ts).
//
// Revisions are counted from the store's revision when the test opened it (`base`): LevelDB
// starts an empty store at 0, while an etcd shared by many tests is wherever its cluster revision
// is. What the contract promises is the same on both: one new revision per commit, stamped on
// every object it wrote, and watches that see every change after the revision they start from.
import { afterEach, describe, expect, it } from "vitest";
import { AlreadyExistsError, ConflictError, NotFoundError, UnavailableError, type ApiObject } from "@skiff/api";
import { commitInChunks } from "./commit-in-chunks.js";
import type { LabelMatcher, Store, WatchEvent, WatchOptions, WriteOp } from "./types.js";

/** Where one test's store lives: open it once, or several times to close and reopen it. */
export interface StoreLocation {
  open(): Promise<Store>;
}

export interface StoreHarness {
  /** An empty place for one test (a temp dir, an etcd key prefix); removed by the harness later. */
  location(): Promise<StoreLocation>;
}

export const ref = (name: string, namespace = "default") => ({ kind: "Pod", namespace, name });

export function pod(name: string, namespace = "default", labels?: Record<string, string>): ApiObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace, labels }, spec: { image: "nginx" } };
}

/** The first `count` events of a watch, then stop it. */
export async function take(store: Store, options: WatchOptions, count: number): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  if (count === 0) return events;
  for await (const event of store.watch(options)) {
    events.push(event);
    if (events.length === count) break;
  }
  return events;
}

const appWeb: LabelMatcher = { matches: (labels) => labels?.app === "web" };

export function describeStoreContract(backend: string, harness: () => StoreHarness): void {
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0).reverse()) await store.close();
  });

  /** A fresh store, closed after the test, and `r(n)`: the n-th revision after it opened. */
  async function fresh(location?: StoreLocation) {
    const at = location ?? (await harness().location());
    const store = await at.open();
    stores.push(store);
    const base = store.revision();
    return { store, base, r: (n: number) => base + n, rv: (n: number) => String(base + n), location: at };
  }

  const brief = (base: number) => (e: WatchEvent) => `${e.revision - base} ${e.type} ${e.object.metadata.name}@${Number(e.object.metadata.resourceVersion) - base}`;

  describe(`${backend}: reads and writes`, () => {
    it("creates an object, stamps it with the new revision, and gets it back", async () => {
      const { store, r, rv } = await fresh();
      const created = await store.create(pod("web"));
      expect(created.metadata.resourceVersion).toBe(rv(1));
      expect(store.revision()).toBe(r(1));
      expect(await store.get(ref("web"))).toEqual(created);
      expect(await store.get(ref("nope"))).toBeUndefined();
    });

    it("keeps cluster-scoped objects under an empty namespace", async () => {
      const { store } = await fresh();
      await store.create({ apiVersion: "v1", kind: "Node", metadata: { name: "n1" } });
      expect(await store.get({ kind: "Node", name: "n1" })).toMatchObject({ metadata: { name: "n1" } });
      expect((await store.list("Node")).items.map((n) => n.metadata.name)).toEqual(["n1"]);
    });

    it("lists by kind, namespace and selector, sorted by namespace then name, with the revision", async () => {
      const { store, r } = await fresh();
      await store.create(pod("b", "default", { app: "web" }));
      await store.create(pod("a", "default", { app: "db" }));
      await store.create(pod("c", "a-team", { app: "web" }));
      await store.create(pod("d", "a", { app: "web" }));
      await store.create({ apiVersion: "v1", kind: "PodTemplate", metadata: { name: "x", namespace: "default" } });

      const all = await store.list("Pod");
      expect(all.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(["a/d", "a-team/c", "default/a", "default/b"]);
      expect(all.revision).toBe(r(5));
      expect((await store.list("Pod", { namespace: "default" })).items.map((p) => p.metadata.name)).toEqual(["a", "b"]);
      expect((await store.list("Pod", { namespace: "a" })).items.map((p) => p.metadata.name)).toEqual(["d"]);
      const web = await store.list("Pod", { selector: appWeb });
      expect(web.items.map((p) => p.metadata.name)).toEqual(["d", "c", "b"]);
      expect((await store.list("Service")).items).toEqual([]);
    });

    it("refuses to create an object that exists", async () => {
      const { store, r } = await fresh();
      await store.create(pod("web"));
      await expect(store.create(pod("web"))).rejects.toThrow(AlreadyExistsError);
      await expect(store.create(pod("web"))).rejects.toThrow("Pod default/web already exists");
      expect(store.revision()).toBe(r(1));
    });

    it("updates with a matching resourceVersion, and refuses a stale one naming both versions", async () => {
      const { store, rv } = await fresh();
      const v1 = await store.create(pod("web"));
      const v2 = await store.update({ ...v1, spec: { image: "nginx:2" } });
      expect(v2.metadata.resourceVersion).toBe(rv(2));
      const stale = store.update({ ...v1, spec: { image: "nginx:3" } });
      await expect(stale).rejects.toThrow(ConflictError);
      await expect(store.update(v1)).rejects.toThrow(new RegExp(`Pod default/web.*resourceVersion ${rv(1)}.*has ${rv(2)}`));
      expect(await store.get(ref("web"))).toMatchObject({ spec: { image: "nginx:2" } });
    });

    it("updates unconditionally without a resourceVersion, and refuses an absent object", async () => {
      const { store, rv } = await fresh();
      await store.create(pod("web"));
      await store.update(pod("web"));
      expect((await store.get(ref("web")))?.metadata.resourceVersion).toBe(rv(2));
      await expect(store.update(pod("ghost"))).rejects.toThrow(NotFoundError);
    });

    it("lets exactly one of several concurrent updates from the same version win", async () => {
      const { store, r } = await fresh();
      const v1 = await store.create(pod("web"));
      const attempts = Array.from({ length: 10 }, (_, i) => store.update({ ...v1, spec: { image: `nginx:${i}` } }));
      const outcomes = await Promise.allSettled(attempts);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(ConflictError);
      expect(store.revision()).toBe(r(2));
    });

    it("deletes with compare-and-swap and returns the last state stamped with the deleting revision", async () => {
      const { store, rv } = await fresh();
      const v1 = await store.create(pod("web"));
      await store.update(v1);
      await expect(store.delete(ref("web"), rv(1))).rejects.toThrow(ConflictError);
      const deleted = await store.delete(ref("web"), rv(2));
      expect(deleted).toMatchObject({ metadata: { name: "web", resourceVersion: rv(3) }, spec: { image: "nginx" } });
      expect(await store.get(ref("web"))).toBeUndefined();
      await expect(store.delete(ref("web"))).rejects.toThrow(NotFoundError);
    });

    it("commits a batch atomically under one revision", async () => {
      const { store, r, rv } = await fresh();
      const a = await store.create(pod("a"));
      const results = await store.commit([
        { type: "create", object: pod("b") },
        { type: "update", object: a },
        { type: "create", object: pod("c") },
      ]);
      expect(results.map((o) => o.metadata.resourceVersion)).toEqual([rv(2), rv(2), rv(2)]);
      expect(store.revision()).toBe(r(2));
    });

    it("writes nothing when one op of a batch fails", async () => {
      const { store, r } = await fresh();
      await store.create(pod("a"));
      const failing = store.commit([
        { type: "create", object: pod("b") },
        { type: "delete", ref: ref("a"), resourceVersion: "99999999" },
      ]);
      await expect(failing).rejects.toThrow(ConflictError);
      expect(store.revision()).toBe(r(1));
      expect(await store.get(ref("b"))).toBeUndefined();
      expect((await store.list("Pod")).items).toHaveLength(1);
    });

    it("lets later ops of a batch see earlier ones", async () => {
      const { store, r, rv } = await fresh();
      const [, updated] = await store.commit([
        { type: "create", object: pod("a") },
        { type: "update", object: { ...pod("a"), spec: { image: "redis" } } },
      ]);
      expect(updated).toMatchObject({ spec: { image: "redis" }, metadata: { resourceVersion: rv(1) } });
      expect(await store.commit([])).toEqual([]);
      expect(store.revision()).toBe(r(1));
    });

    it("writes 300 independent ops in chunks that each fit one etcd transaction, in order", async () => {
      const { store, r, rv } = await fresh();
      const creates = Array.from({ length: 300 }, (_, i): WriteOp => ({ type: "create", object: pod(`p-${String(i).padStart(3, "0")}`) }));
      const created = await commitInChunks(store, creates);
      expect(created.map((o) => o.metadata.name)).toEqual(creates.map((op) => (op.type === "create" ? op.object.metadata.name : "")));
      // 127 + 127 + 46 (etcd takes 128 compares; a leader's fence is one): one revision per chunk.
      expect([...new Set(created.map((o) => o.metadata.resourceVersion))]).toEqual([rv(1), rv(2), rv(3)]);
      expect((await store.list("Pod")).items).toHaveLength(300);
      const deleted = await commitInChunks(store, created.map((o): WriteOp => ({ type: "delete", ref: ref(o.metadata.name) })));
      expect(deleted).toHaveLength(300);
      expect((await store.list("Pod")).items).toHaveLength(0);
      expect(store.revision()).toBe(r(6));
    });

    it("stops chunked writes at the first chunk that fails, keeping the chunks before it", async () => {
      const { store } = await fresh();
      await store.create(pod("p-200"));
      const creates = Array.from({ length: 300 }, (_, i): WriteOp => ({ type: "create", object: pod(`p-${String(i).padStart(3, "0")}`) }));
      await expect(commitInChunks(store, creates)).rejects.toThrow(AlreadyExistsError);
      // The first chunk (p-000..p-126) is written; the second (holding p-200) and the third are not.
      const names = (await store.list("Pod")).items.map((o) => o.metadata.name);
      expect(names).toHaveLength(128);
      expect(names).toContain("p-126");
      expect(names).not.toContain("p-127");
    });

    it("never mutates the caller's objects nor shares memory with them", async () => {
      const { store } = await fresh();
      const input = pod("web", "default", { app: "web" });
      const created = await store.create(input);
      expect(input.metadata.resourceVersion).toBeUndefined();
      created.metadata.labels!["app"] = "changed";
      input.metadata.labels!["app"] = "changed";
      const read = await store.get(ref("web"));
      expect(read?.metadata.labels).toEqual({ app: "web" });
    });

    it("refuses a name that would make keys ambiguous", async () => {
      const { store } = await fresh();
      await expect(store.create(pod("a/b"))).rejects.toThrow(/metadata.name/);
    });

    it("keeps objects and the revision across close and reopen", async () => {
      const { store: first, location, r, rv } = await fresh();
      await first.create(pod("a"));
      await first.create(pod("b"));
      await first.close();
      const second = await location.open();
      stores.push(second);
      expect(second.revision()).toBe(r(2));
      expect((await second.list("Pod")).items.map((p) => p.metadata.name)).toEqual(["a", "b"]);
      expect((await second.create(pod("c"))).metadata.resourceVersion).toBe(rv(3));
    });

    it("finishes writes queued before close, and refuses reads and writes after it", async () => {
      const { store, rv } = await fresh();
      const queued = [store.create(pod("a")), store.create(pod("b"))];
      await store.close();
      expect((await Promise.all(queued)).map((p) => p.metadata.resourceVersion)).toEqual([rv(1), rv(2)]);
      await store.close(); // idempotent
      await expect(store.create(pod("a"))).rejects.toThrow(UnavailableError);
      await expect(store.list("Pod")).rejects.toThrow(UnavailableError);
    });
  });

  describe(`${backend}: watch`, () => {
    it("delivers every change after the starting revision, in order, with types", async () => {
      const { store, base, r } = await fresh();
      const a = await store.create(pod("a"));
      await store.update(a);
      await store.delete(ref("a"));
      await store.commit([{ type: "create", object: pod("b") }, { type: "create", object: pod("c") }]);
      const events = await take(store, { fromRevision: base }, 5);
      expect(events.map(brief(base))).toEqual(["1 ADDED a@1", "2 MODIFIED a@2", "3 DELETED a@3", "4 ADDED b@4", "4 ADDED c@4"]);
      expect((await take(store, { fromRevision: r(2) }, 3)).map(brief(base))).toEqual(["3 DELETED a@3", "4 ADDED b@4", "4 ADDED c@4"]);
    });

    it("marks the last event this watch gets from each commit", async () => {
      const { store, base } = await fresh();
      await store.commit([{ type: "create", object: pod("a") }, { type: "create", object: pod("b") }, { type: "create", object: { ...pod("c"), kind: "ConfigMap" } }]);
      await store.create(pod("d"));
      const all = await take(store, { fromRevision: base }, 4);
      expect(all.map((e) => `${e.object.metadata.name} ${e.lastOfRevision}`)).toEqual(["a false", "b false", "c true", "d true"]);
      // Filtered: the last pod of the commit is the last this watch gets from it.
      const pods = await take(store, { kind: "Pod", fromRevision: base }, 3);
      expect(pods.map((e) => `${e.object.metadata.name} ${e.lastOfRevision}`)).toEqual(["a false", "b true", "d true"]);
    });

    it("asks a watch's filter just before each event, after the one before was handled", async () => {
      const { store, base } = await fresh();
      await store.commit([{ type: "create", object: pod("a") }, { type: "create", object: pod("b") }, { type: "create", object: pod("c") }]);
      const wanted = new Set(["a"]);
      const seen: string[] = [];
      for await (const ev of store.watch({ fromRevision: base, filter: (o) => wanted.has(o.metadata.name) })) {
        seen.push(ev.object.metadata.name);
        wanted.add("c"); // having seen a, it now wants c too
        if (seen.length === 2) break;
      }
      expect(seen).toEqual(["a", "c"]);
    });

    it("follows live writes after replaying history, and waits on a future revision", async () => {
      const { store, base, r } = await fresh();
      await store.create(pod("a"));
      const live = take(store, { fromRevision: base }, 3);
      const future = take(store, { fromRevision: r(2) }, 1);
      await store.create(pod("b"));
      await store.create(pod("c"));
      expect((await live).map(brief(base))).toEqual(["1 ADDED a@1", "2 ADDED b@2", "3 ADDED c@3"]);
      expect((await future).map(brief(base))).toEqual(["3 ADDED c@3"]);
    });

    it("filters by kind, namespace, and selector, turning selection changes into ADDED and DELETED", async () => {
      const { store, base } = await fresh();
      await store.create({ apiVersion: "v1", kind: "Node", metadata: { name: "n1" } });
      await store.create(pod("other", "kube-system"));
      const p = await store.create(pod("p", "default", { app: "db" }));
      const q = await store.update({ ...p, metadata: { ...p.metadata, labels: { app: "web" } } });
      const r = await store.update(q);
      await store.update({ ...r, metadata: { ...r.metadata, labels: { app: "db" } } });
      const events = await take(store, { kind: "Pod", namespace: "default", selector: appWeb, fromRevision: base }, 3);
      expect(events.map(brief(base))).toEqual(["4 ADDED p@4", "5 MODIFIED p@5", "6 DELETED p@6"]);
      const kinds = await take(store, { kinds: ["Node", "Service"], fromRevision: base }, 1);
      expect(kinds.map(brief(base))).toEqual(["1 ADDED n1@1"]);
    });

    it("gives a node's watch the Pods bound to it, and the write that moves one away", async () => {
      const { store, base } = await fresh();
      const p = await store.create(pod("p"));
      const bound = await store.update({ ...p, spec: { nodeName: "n1" } } as ApiObject);
      await store.create({ ...pod("q"), spec: { nodeName: "n2" } } as ApiObject);
      await store.update({ ...bound, spec: { nodeName: "n2" } } as ApiObject);
      const n1 = await take(store, { kind: "Pod", node: "n1", fromRevision: base }, 2);
      expect(n1.map(brief(base))).toEqual(["2 MODIFIED p@2", "4 MODIFIED p@4"]);
      const n2 = await take(store, { kind: "Pod", node: "n2", fromRevision: base }, 2);
      expect(n2.map(brief(base))).toEqual(["3 ADDED q@3", "4 MODIFIED p@4"]);
    });

    it("starts a watch at a list's revision without a gap or a duplicate while writes race it", async () => {
      const { store, base } = await fresh();
      const writes = Array.from({ length: 50 }, (_, i) => store.create(pod(`p${i}`)));
      await writes[9]; // list while the other 40 are still queued or being written
      const { items, revision } = await store.list("Pod");
      expect(items.length).toBe(revision - base);
      const seen = new Set(items.map((p) => p.metadata.name));
      const rest = await Promise.all([take(store, { kind: "Pod", fromRevision: revision }, 50 - items.length), ...writes]);
      for (const event of rest[0]) {
        expect(seen.has(event.object.metadata.name)).toBe(false);
        seen.add(event.object.metadata.name);
      }
      expect(seen.size).toBe(50);
    });

    it("resumes across close and reopen from a revision taken before the close", async () => {
      const { store: first, location, base } = await fresh();
      await first.create(pod("a"));
      const before = first.revision();
      await first.create(pod("b"));
      await first.delete(ref("a"));
      await first.close();
      const second = await location.open();
      stores.push(second);
      const resumed = take(second, { fromRevision: before }, 3);
      await second.create(pod("c"));
      expect((await resumed).map(brief(base))).toEqual(["2 ADDED b@2", "3 DELETED a@3", "4 ADDED c@4"]);
    });

    it("ends when its signal aborts or the store closes, also while it waits", async () => {
      const { store, base } = await fresh();
      const controller = new AbortController();
      const aborted = store.watch({ fromRevision: base, signal: controller.signal })[Symbol.asyncIterator]();
      const closed = store.watch({ fromRevision: base })[Symbol.asyncIterator]();
      await store.create(pod("a"));
      expect((await aborted.next()).value).toMatchObject({ type: "ADDED", object: { metadata: { name: "a" } } });
      expect((await closed.next()).value).toMatchObject({ type: "ADDED", object: { metadata: { name: "a" } } });
      const waiting = aborted.next();
      controller.abort();
      expect(await waiting).toEqual({ done: true, value: undefined });
      const stillWaiting = closed.next();
      await store.close();
      expect(await stillWaiting).toEqual({ done: true, value: undefined });
    });

    it("no watcher can change what another one sees: the objects it gets are frozen", async () => {
      const { store, base } = await fresh();
      await store.create(pod("a", "default", { app: "web" }));
      const [first] = await take(store, { fromRevision: base }, 1);
      expect(() => (first!.object.metadata.labels!["app"] = "changed")).toThrow(TypeError);
      const [second] = await take(store, { fromRevision: base }, 1);
      expect(second!.object.metadata.labels).toEqual({ app: "web" });
    });

    it("refuses a negative or fractional starting revision", async () => {
      const { store } = await fresh();
      expect(() => store.watch({ fromRevision: -1 })).toThrow(/fromRevision/);
      expect(() => store.watch({ fromRevision: 1.5 })).toThrow(/fromRevision/);
    });
  });
}
