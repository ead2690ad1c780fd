// Group commit (level-store.ts, group-commit.ts): commits that arrive together share one fsync,
// but each keeps its own revision, its own compare-and-swap and its own failure.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConflictError, type ApiObject } from "@skiff/api";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { LevelStore } from "./level-store.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function openFresh(): Promise<{ store: LevelStore; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), "skiff-group-commit-"));
  dirs.push(dir);
  return { store: await LevelStore.open(dir), dir };
}

const configMap = (name: string, value: string, resourceVersion?: string): ApiObject =>
  ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default", ...(resourceVersion ? { resourceVersion } : {}) }, data: { value } }) as ApiObject;

describe("LevelStore: commits that arrive together", () => {
  it("answers a refused commit only once the commit it lost to can be read: a read after the conflict sees the winner", async () => {
    const { store } = await openFresh();
    const first = await store.create(configMap("a", "0"));
    const ref = { kind: "ConfigMap", namespace: "default", name: "a" };
    // Issued in one tick: one group, where the second's compare-and-swap fails on the first's write.
    const winner = store.update(configMap("a", "1", first.metadata.resourceVersion));
    const loser = store.update(configMap("a", "2", first.metadata.resourceVersion)).then(
      () => "not refused",
      async (err: unknown) => (err instanceof ConflictError ? (await store.get(ref))?.metadata.resourceVersion : String(err)),
    );
    const [won, seenAfterConflict] = await Promise.all([winner, loser]);
    expect(seenAfterConflict).toBe(won.metadata.resourceVersion);
    await store.close();
  });

  it("each gets its own revision, in call order, and a stale one fails alone", async () => {
    const { store, dir } = await openFresh();
    const first = await store.create(configMap("a", "0"));
    const seen: number[] = [];
    const ac = new AbortController();
    const watching = (async () => {
      for await (const ev of store.watch({ fromRevision: store.revision(), signal: ac.signal })) {
        seen.push(ev.revision);
        if (seen.length === 3) break;
      }
    })();
    // Issued in one tick: they queue behind nothing and go to disk as a group.
    const results = await Promise.allSettled([
      store.update(configMap("a", "1", first.metadata.resourceVersion)),
      store.update(configMap("a", "2", first.metadata.resourceVersion)), // stale: "a" changed just before
      store.create(configMap("b", "1")),
      store.create(configMap("c", "1")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    const rvs = results.flatMap((r) => (r.status === "fulfilled" ? [Number(r.value.metadata.resourceVersion)] : []));
    const base = Number(first.metadata.resourceVersion);
    expect(rvs).toEqual([base + 1, base + 2, base + 3]);
    expect(store.revision()).toBe(base + 3);
    await watching;
    ac.abort();
    expect(seen).toEqual([base + 1, base + 2, base + 3]);
    await store.close();

    // Acknowledged means on disk: all three are there after reopening, the refused one is not.
    const again = await LevelStore.open(dir);
    try {
      expect(again.revision()).toBe(base + 3);
      const a = await again.get({ kind: "ConfigMap", namespace: "default", name: "a" });
      expect((a as unknown as { data: { value: string } }).data.value).toBe("1");
      expect(await again.get({ kind: "ConfigMap", namespace: "default", name: "c" })).toBeDefined();
    } finally {
      await again.close();
    }
  });

  it("ends as the same commits one at a time would, whatever groups they fall into (property)", async () => {
    // Random rounds of concurrent writes to a few names; each write names the version it read.
    const write = fc.record({ name: fc.constantFrom("x", "y", "z"), value: fc.string({ maxLength: 3 }), stale: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(write, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }), async (rounds) => {
        const { store } = await openFresh();
        try {
          // The model: the stored value and version per name, applied in call order.
          const model = new Map<string, { value: string; rv: string }>();
          for (const round of rounds) {
            // Every call of a round is issued in one tick, each from what was read before the
            // round: a create where the name was absent, else an update naming the version read
            // (or a stale "1").
            const named = round.map((w) => (model.has(w.name) ? (w.stale ? "1" : model.get(w.name)!.rv) : undefined));
            const settled = await Promise.allSettled(
              round.map((w, i) => (model.has(w.name) ? store.update(configMap(w.name, w.value, named[i])) : store.create(configMap(w.name, w.value)))),
            );
            // Replay the round in call order: that is the order the store promises.
            let revision = store.revision() - settled.filter((s) => s.status === "fulfilled").length;
            round.forEach((w, i) => {
              const current = model.get(w.name);
              const applies = named[i] === undefined ? current === undefined : current?.rv === named[i];
              expect(settled[i]!.status).toBe(applies ? "fulfilled" : "rejected");
              if (!applies) return;
              revision += 1;
              expect((settled[i] as PromiseFulfilledResult<ApiObject>).value.metadata.resourceVersion).toBe(String(revision));
              model.set(w.name, { value: w.value, rv: String(revision) });
            });
          }
          for (const [name, { value, rv }] of model) {
            const stored = (await store.get({ kind: "ConfigMap", namespace: "default", name })) as unknown as { data: { value: string }; metadata: { resourceVersion: string } };
            expect(stored.data.value).toBe(value);
            expect(stored.metadata.resourceVersion).toBe(rv);
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
