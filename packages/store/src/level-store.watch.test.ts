import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ExpiredError, type ApiObject } from "@skiff/api";
import { LevelStore, type LevelStoreOptions } from "./level-store.js";
import type { WatchEvent, WatchOptions } from "./types.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "skiff-store-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function openStore(dir?: string, options?: LevelStoreOptions): Promise<LevelStore> {
  const store = await LevelStore.open(dir ?? (await tempDir()), options);
  cleanups.push(() => store.close());
  return store;
}

function pod(name: string, labels?: Record<string, string>): ApiObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", labels } };
}
const ref = (name: string) => ({ kind: "Pod", namespace: "default", name });

/** The first `count` events of a watch, then stop it. */
async function take(store: LevelStore, options: WatchOptions, count: number): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  if (count === 0) return events;
  for await (const event of store.watch(options)) {
    events.push(event);
    if (events.length === count) break;
  }
  return events;
}

const brief = (e: WatchEvent) => `${e.revision} ${e.type} ${e.object.metadata.name}@${e.object.metadata.resourceVersion}`;

describe("LevelStore watch", () => {
  it("delivers every change after the starting revision, in order, with types", async () => {
    const store = await openStore();
    const a = await store.create(pod("a"));
    await store.update(a);
    await store.delete(ref("a"));
    await store.commit([{ type: "create", object: pod("b") }, { type: "create", object: pod("c") }]);
    const events = await take(store, { fromRevision: 0 }, 5);
    expect(events.map(brief)).toEqual(["1 ADDED a@1", "2 MODIFIED a@2", "3 DELETED a@3", "4 ADDED b@4", "4 ADDED c@4"]);
    expect((await take(store, { fromRevision: 2 }, 3)).map(brief)).toEqual(["3 DELETED a@3", "4 ADDED b@4", "4 ADDED c@4"]);
  });

  it("marks the last event this watch gets from each commit", async () => {
    const store = await openStore();
    await store.commit([{ type: "create", object: pod("a") }, { type: "create", object: pod("b") }, { type: "create", object: { ...pod("c"), kind: "ConfigMap" } }]);
    await store.create(pod("d"));
    const all = await take(store, { fromRevision: 0 }, 4);
    expect(all.map((e) => `${e.object.metadata.name} ${e.lastOfRevision}`)).toEqual(["a false", "b false", "c true", "d true"]);
    // Filtered: the last pod of the commit is the last this watch gets from it.
    const pods = await take(store, { kind: "Pod", fromRevision: 0 }, 3);
    expect(pods.map((e) => `${e.object.metadata.name} ${e.lastOfRevision}`)).toEqual(["a false", "b true", "d true"]);
  });

  it("gives every watcher the same frozen object, and the caller of the write its own copy", async () => {
    const store = await openStore();
    const written = await store.create(pod("a"));
    const [one] = await take(store, { fromRevision: 0 }, 1);
    const [two] = await take(store, { fromRevision: 0 }, 1);
    expect(one?.object).toBe(two?.object);
    expect(Object.isFrozen(one?.object.metadata)).toBe(true);
    expect(written).not.toBe(one?.object);
    written.metadata.labels = { mine: "yes" }; // the writer's copy is its own
  });

  it("asks a watch's filter just before each event, after the one before was handled", async () => {
    const store = await openStore();
    await store.commit([{ type: "create", object: pod("a") }, { type: "create", object: pod("b") }, { type: "create", object: pod("c") }]);
    const wanted = new Set(["a"]);
    const seen: string[] = [];
    for await (const ev of store.watch({ fromRevision: 0, filter: (o) => wanted.has(o.metadata.name) })) {
      seen.push(ev.object.metadata.name);
      wanted.add("c"); // having seen a, it now wants c too
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(["a", "c"]);
  });

  it("follows live writes after replaying history, and waits on a future revision", async () => {
    const store = await openStore();
    await store.create(pod("a"));
    const live = take(store, { fromRevision: 0 }, 3);
    const future = take(store, { fromRevision: 2 }, 1);
    await store.create(pod("b"));
    await store.create(pod("c"));
    expect((await live).map(brief)).toEqual(["1 ADDED a@1", "2 ADDED b@2", "3 ADDED c@3"]);
    expect((await future).map(brief)).toEqual(["3 ADDED c@3"]);
  });

  it("filters by kind, namespace, and selector, turning selection changes into ADDED and DELETED", async () => {
    const store = await openStore();
    const web = { matches: (l: Record<string, string> | undefined) => l?.app === "web" };
    await store.create({ apiVersion: "v1", kind: "Node", metadata: { name: "n1" } });
    await store.create({ ...pod("other"), metadata: { name: "other", namespace: "kube-system" } });
    const p = await store.create(pod("p", { app: "db" }));
    const q = await store.update({ ...p, metadata: { ...p.metadata, labels: { app: "web" } } });
    const r = await store.update(q);
    await store.update({ ...r, metadata: { ...r.metadata, labels: { app: "db" } } });
    const events = await take(store, { kind: "Pod", namespace: "default", selector: web, fromRevision: 0 }, 3);
    expect(events.map(brief)).toEqual(["4 ADDED p@4", "5 MODIFIED p@5", "6 DELETED p@6"]);
  });

  it("starts a watch at a list's revision without a gap or a duplicate while writes race it", async () => {
    const store = await openStore();
    const writes = Array.from({ length: 50 }, (_, i) => store.create(pod(`p${i}`)));
    await writes[9]; // list while the other 40 are still queued or being written
    const { items, revision } = await store.list("Pod");
    expect(items.length).toBe(revision);
    const seen = new Set(items.map((p) => p.metadata.name));
    const rest = await Promise.all([take(store, { kind: "Pod", fromRevision: revision }, 50 - items.length), ...writes]);
    for (const event of rest[0]) {
      expect(seen.has(event.object.metadata.name)).toBe(false);
      seen.add(event.object.metadata.name);
    }
    expect(seen.size).toBe(50);
  });

  it("resumes across close and reopen from a revision taken before the close", async () => {
    const dir = await tempDir();
    const first = await LevelStore.open(dir);
    await first.create(pod("a"));
    const before = first.revision();
    await first.create(pod("b"));
    await first.delete(ref("a"));
    await first.close();
    const second = await openStore(dir);
    const resumed = take(second, { fromRevision: before }, 3);
    await second.create(pod("c"));
    expect((await resumed).map(brief)).toEqual(["2 ADDED b@2", "3 DELETED a@3", "4 ADDED c@4"]);
  });

  it("throws ExpiredError for a revision older than the history kept, also after reopen", async () => {
    const dir = await tempDir();
    const first = await LevelStore.open(dir, { historySize: 3 });
    for (const name of ["a", "b", "c", "d", "e"]) await first.create(pod(name));
    await expect(take(first, { fromRevision: 1 }, 1)).rejects.toThrow(ExpiredError);
    expect((await take(first, { fromRevision: 2 }, 3)).map(brief)).toEqual(["3 ADDED c@3", "4 ADDED d@4", "5 ADDED e@5"]);
    await first.close();

    const second = await openStore(dir, { historySize: 2 });
    await expect(take(second, { fromRevision: 2 }, 1)).rejects.toThrow(
      "revision 2 is too old; the oldest kept is 4: re-list and watch again",
    );
    expect((await take(second, { fromRevision: 3 }, 2)).map(brief)).toEqual(["4 ADDED d@4", "5 ADDED e@5"]);
  });

  it("ends with ExpiredError a watcher that falls further behind than the history", async () => {
    const store = await openStore(undefined, { historySize: 2 });
    const iterator = store.watch({ fromRevision: 0 })[Symbol.asyncIterator]();
    await store.create(pod("a"));
    expect((await iterator.next()).value).toMatchObject({ revision: 1 });
    for (const name of ["b", "c", "d"]) await store.create(pod(name));
    await expect(iterator.next()).rejects.toThrow(ExpiredError);
  });

  it("ends when its signal aborts or the store closes", async () => {
    const store = await LevelStore.open(await tempDir());
    const controller = new AbortController();
    const aborted = take(store, { fromRevision: 0, signal: controller.signal }, 10);
    const closed = take(store, { fromRevision: 0 }, 10);
    await store.create(pod("a"));
    controller.abort();
    expect(await aborted).toHaveLength(1);
    await store.close();
    expect(await closed).toHaveLength(1);
  });

  it("no watcher can change what another one sees: the shared objects are frozen", async () => {
    const store = await openStore();
    await store.create(pod("a", { app: "web" }));
    const [first] = await take(store, { fromRevision: 0 }, 1);
    expect(() => (first!.object.metadata.labels!["app"] = "changed")).toThrow(TypeError);
    const [second] = await take(store, { fromRevision: 0 }, 1);
    expect(second!.object.metadata.labels).toEqual({ app: "web" });
  });
});
