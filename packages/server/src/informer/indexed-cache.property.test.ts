// The indexes never disagree with the cache, whatever the order of events: adds, updates that move
// an object between owners, nodes, namespaces and labels, deletes, re-lists that replace the cache
// wholesale (applied as the informer applies them, through diffCache), indexes added late.
import fc from "fast-check";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { ApiObject, Pod } from "@skiff/api";
import type { Store } from "@skiff/store";
import { diffCache } from "./diff.js";
import { IndexedCache, type Indexers } from "./indexed-cache.js";
import { Informer } from "./informer.js";
import { LABEL_INDEX, NAMESPACE_INDEX, NODE_INDEX, OWNER_REF_INDEX, OWNER_UID_INDEX, SELECTOR_INDEX, standardIndexers } from "./indexers.js";
import { objectKey } from "./keys.js";
import { tempStore } from "./test-support.js";

const NAMES = ["a", "b", "c", "d", "e"];
const NAMESPACES = ["default", "other"];
const UIDS = ["u1", "u2", "u3"];
const NODES = ["n1", "n2"];

const podArb = fc.record({
  name: fc.constantFrom(...NAMES),
  namespace: fc.constantFrom(...NAMESPACES),
  owners: fc.subarray(UIDS),
  node: fc.option(fc.constantFrom(...NODES), { nil: undefined }),
  labels: fc.dictionary(fc.constantFrom("app", "tier"), fc.constantFrom("web", "db"), { maxKeys: 2 }),
  rv: fc.integer({ min: 1, max: 1_000 }),
});

type PodCase = typeof podArb extends fc.Arbitrary<infer T> ? T : never;

function makePod(p: PodCase): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: p.name,
      namespace: p.namespace,
      resourceVersion: String(p.rv),
      labels: p.labels,
      ownerReferences: p.owners.map((uid) => ({ apiVersion: "apps/v1", kind: "ReplicaSet", name: `rs-${uid}`, uid })),
    },
    spec: { containers: [], ...(p.node ? { nodeName: p.node } : {}) },
  };
}

const opArb = fc.oneof(
  fc.record({ type: fc.constant("set" as const), pod: podArb }),
  fc.record({ type: fc.constant("delete" as const), name: fc.constantFrom(...NAMES), namespace: fc.constantFrom(...NAMESPACES) }),
  fc.record({ type: fc.constant("relist" as const), pods: fc.array(podArb, { maxLength: 6 }) }),
);

/** Every index, recomputed from scratch over the cache, must equal the maintained one. */
function expectConsistent(cache: IndexedCache<ApiObject>, indexers: Indexers): void {
  for (const [name, fn] of Object.entries(indexers)) {
    const expected = new Map<string, Set<string>>();
    for (const [key, obj] of cache.entries()) {
      for (const value of fn(obj)) expected.set(value, (expected.get(value) ?? new Set()).add(key));
    }
    expect(new Set(cache.indexValues(name)), `values of index ${name}`).toEqual(new Set(expected.keys()));
    for (const [value, keys] of expected) {
      expect(new Set(cache.byIndex(name, value).map(objectKey)), `${name}=${value}`).toEqual(keys);
    }
  }
}

describe("IndexedCache", () => {
  it("keeps every index equal to one recomputed from the cache, under any sequence of events", () => {
    const indexers = standardIndexers("Pod");
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), fc.nat({ max: 40 }), (ops, lateAt) => {
        // Half the indexes from the start, the other half added after `lateAt` events.
        const names = Object.keys(indexers);
        const early = Object.fromEntries(names.filter((_, i) => i % 2 === 0).map((n) => [n, indexers[n]!]));
        const late = Object.fromEntries(names.filter((_, i) => i % 2 === 1).map((n) => [n, indexers[n]!]));
        const cache = new IndexedCache<ApiObject>(early);
        ops.forEach((op, i) => {
          if (i === lateAt) cache.addIndexers(late);
          if (op.type === "set") {
            const pod = makePod(op.pod);
            cache.set(objectKey(pod), pod);
          } else if (op.type === "delete") {
            cache.delete(`${op.namespace}/${op.name}`);
          } else {
            const listed = [...new Map(op.pods.map(makePod).map((p) => [objectKey(p), p])).values()];
            const diff = diffCache(cache, listed);
            for (const obj of diff.deleted) cache.delete(objectKey(obj));
            for (const obj of [...diff.added, ...diff.updated.map(([, o]) => o)]) cache.set(objectKey(obj), obj);
          }
          expectConsistent(cache, cache.hasIndex(names[1]!) ? indexers : early);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("answers the questions by index", () => {
    const cache = new IndexedCache<ApiObject>(standardIndexers("Pod"));
    const p = makePod({ name: "a", namespace: "default", owners: ["u1"], node: "n1", labels: { app: "web" }, rv: 1 });
    cache.set("default/a", p);
    expect(cache.byIndex(OWNER_UID_INDEX, "u1")).toEqual([p]);
    expect(cache.byIndex(OWNER_REF_INDEX, "ReplicaSet/default/rs-u1")).toEqual([p]);
    expect(cache.byIndex(NODE_INDEX, "n1")).toEqual([p]);
    expect(cache.byIndex(NAMESPACE_INDEX, "default")).toEqual([p]);
    expect(cache.byIndex(LABEL_INDEX, "default/app=web")).toEqual([p]);
    cache.set("default/a", { ...p, spec: { containers: [] } });
    expect(cache.byIndex(NODE_INDEX, "n1")).toEqual([]);
    expect(cache.indexValues(NODE_INDEX)).toEqual([]);
    expect(() => cache.byIndex(SELECTOR_INDEX, "x")).toThrow(/no index "selector"/);
  });
});

describe("Informer indexes", () => {
  it("follow the store through watch events and re-lists after the watch expired", async () => {
    // A history of 2 revisions: a burst of writes makes the watch expire, and the informer re-list.
    const t = await tempStore({ historySize: 2 });
    let relists = 0;
    const log = pino({ level: "debug" }, { write: (line: string) => void (line.includes("watch expired") && relists++) });
    // A watcher slower than the writes: it falls out of the history and must re-list.
    const slow: Store = Object.create(t.store) as Store;
    slow.watch = (options) =>
      (async function* () {
        for await (const event of t.store.watch(options)) {
          await new Promise((r) => setTimeout(r, 5));
          yield event;
        }
      })();
    const informer = new Informer<Pod>(slow, { kind: "Pod", log, freeze: true, indexers: standardIndexers("Pod") });
    const ac = new AbortController();
    const running = informer.start(ac.signal);
    try {
      await informer.synced;
      await fc.assert(
        fc.asyncProperty(fc.array(podArb, { minLength: 1, maxLength: 12 }), fc.subarray(NAMES), async (pods, gone) => {
          for (const p of pods) {
            const pod = makePod(p);
            const { resourceVersion: _rv, ...metadata } = pod.metadata;
            const existing = await t.store.get({ kind: "Pod", namespace: p.namespace, name: p.name });
            if (existing) await t.store.update({ ...pod, metadata });
            else await t.store.create({ ...pod, metadata });
          }
          for (const name of gone) await t.store.delete({ kind: "Pod", namespace: "default", name }).catch(() => undefined);
          const { items } = await t.store.list("Pod");
          // Every write was a pod's: the cache reaches the store's revision.
          await informer.waitForRevision(t.store.revision());
          for (const node of NODES) {
            const want = items.filter((o) => (o as Pod).spec.nodeName === node).map(objectKey).sort();
            expect(informer.byIndex(NODE_INDEX, node).map(objectKey).sort()).toEqual(want);
          }
          for (const uid of UIDS) {
            const want = items.filter((o) => o.metadata.ownerReferences?.some((r) => r.uid === uid)).map(objectKey).sort();
            expect(informer.byIndex(OWNER_UID_INDEX, uid).map(objectKey).sort()).toEqual(want);
          }
        }),
        { numRuns: 15 },
      );
      expect(relists).toBeGreaterThan(0);
    } finally {
      ac.abort();
      await running;
      await t.close();
    }
  });
});
