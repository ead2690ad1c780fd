// The informer against a real LevelStore: list, watch, re-list after expiry, retry after errors.
import { afterEach, describe, expect, it } from "vitest";
import { UnavailableError, type ApiObject } from "@skiff/api";
import type { Store, WatchOptions } from "@skiff/store";
import { Informer } from "./informer.js";
import { eventually, silentLog, tempStore } from "./test-support.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openStore(historySize?: number) {
  const t = await tempStore(historySize ? { historySize } : {});
  cleanups.push(t.close);
  return t.store;
}

const cm = (name: string, value = "v"): ApiObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "default" },
  data: { value },
});
const ref = (name: string) => ({ kind: "ConfigMap", namespace: "default", name });

/** Start an informer with a recording handler; it stops at the end of the test. */
function run(store: Store, extra: Partial<ConstructorParameters<typeof Informer>[1]> = {}) {
  const informer = new Informer(store, { kind: "ConfigMap", log: silentLog, freeze: true, backoff: { initialMs: 1, maxMs: 5 }, ...extra });
  const events: string[] = [];
  informer.on({
    onAdd: (o) => events.push(`add ${o.metadata.name}`),
    onUpdate: (old, o) => events.push(`update ${o.metadata.name} ${String(old.data && (old.data as Record<string, string>).value)}->${String((o.data as Record<string, string>).value)}`),
    onDelete: (o) => events.push(`delete ${o.metadata.name}`),
  });
  const ac = new AbortController();
  const done = informer.start(ac.signal);
  cleanups.push(async () => {
    ac.abort();
    await done;
  });
  return { informer, events };
}

describe("Informer", () => {
  it("lists what exists, then follows every change", async () => {
    const store = await openStore();
    await store.create(cm("a"));
    const { informer, events } = run(store);
    await informer.synced;
    expect(informer.hasSynced()).toBe(true);
    expect(events).toEqual(["add a"]);
    expect(informer.revision).toBe(store.revision());

    const a = await store.get(ref("a"));
    await store.update({ ...a!, data: { value: "w" } });
    await store.create(cm("b"));
    await store.delete(ref("a"));
    await eventually(() => events.length === 4, 5_000, "4 events");
    expect(events).toEqual(["add a", "update a v->w", "add b", "delete a"]);
    expect(informer.get("default/a")).toBeUndefined();
    expect(informer.list().map((o) => o.metadata.name)).toEqual(["b"]);
    expect(informer.revision).toBe(store.revision());
  });

  it("hands out frozen objects when asked to, so a mutation throws", async () => {
    const store = await openStore();
    await store.create(cm("a"));
    const { informer } = run(store);
    await informer.synced;
    const a = informer.get("default/a")!;
    expect(() => {
      a.metadata.name = "b";
    }).toThrow(TypeError);
  });

  it("list filters the cache", async () => {
    const store = await openStore();
    await store.commit([cm("a", "1"), cm("b", "2")].map((object) => ({ type: "create", object })));
    const { informer } = run(store);
    await informer.synced;
    expect(informer.list((o) => (o.data as Record<string, string>).value === "2").map((o) => o.metadata.name)).toEqual(["b"]);
  });

  it("replays the cache as adds to a handler registered late", async () => {
    const store = await openStore();
    await store.create(cm("a"));
    const { informer } = run(store);
    await informer.synced;
    const late: string[] = [];
    const off = informer.on({ onAdd: (o) => late.push(o.metadata.name) });
    expect(late).toEqual(["a"]);
    off();
    await store.create(cm("b"));
    await eventually(() => informer.get("default/b") !== undefined);
    expect(late).toEqual(["a"]);
  });

  it("keeps going when a handler throws", async () => {
    const store = await openStore();
    const { informer, events } = run(store);
    informer.on({
      onAdd: () => {
        throw new Error("boom");
      },
    });
    await informer.synced;
    await store.create(cm("a"));
    await store.create(cm("b"));
    await eventually(() => events.length === 2);
  });

  it("re-lists after the watch expires, and turns what it missed into events", async () => {
    const store = await openStore(2);
    await store.commit([cm("keep"), cm("change"), cm("drop")].map((object) => ({ type: "create", object })));
    // Hold the first watch back until the store has moved on by more than its history.
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let watches = 0;
    const slow: Store = Object.create(store) as Store;
    slow.watch = (options: WatchOptions) => {
      const first = watches++ === 0;
      return {
        async *[Symbol.asyncIterator]() {
          if (first) await gate;
          yield* store.watch(options);
        },
      };
    };
    const { informer, events } = run(slow);
    await informer.synced;
    const change = await store.get(ref("change"));
    await store.update({ ...change!, data: { value: "w" } });
    await store.delete(ref("drop"));
    await store.create(cm("new"));
    await store.create(cm("newer"));
    release();
    await eventually(() => informer.revision === store.revision(), 5_000, "catch up");
    expect(watches).toBeGreaterThanOrEqual(2);
    expect(events.slice(3).sort()).toEqual(["add new", "add newer", "delete drop", "update change v->w"]);
    expect(informer.list().map((o) => o.metadata.name).sort()).toEqual(["change", "keep", "new", "newer"]);
  });

  it("retries a failing list with backoff until the store answers", async () => {
    const store = await openStore();
    await store.create(cm("a"));
    let failures = 2;
    const flaky: Store = Object.create(store) as Store;
    flaky.list = (kind, options) => (failures-- > 0 ? Promise.reject(new UnavailableError("not yet")) : store.list(kind, options));
    const { informer, events } = run(flaky);
    await informer.synced;
    expect(failures).toBeLessThan(0);
    expect(events).toEqual(["add a"]);
  });

  it("resolves start when aborted", async () => {
    const store = await openStore();
    const informer = new Informer(store, { kind: "ConfigMap", log: silentLog });
    const ac = new AbortController();
    const done = informer.start(ac.signal);
    await informer.synced;
    ac.abort();
    await expect(done).resolves.toBeUndefined();
  });
});
