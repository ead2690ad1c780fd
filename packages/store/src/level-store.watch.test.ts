// What only the LevelDB store does: its watch history is its own (historySize revisions, kept on
// disk across reopen), and every watcher shares one frozen copy of each object. The watch
// contract both backends keep is in test-store-contract.ts.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ExpiredError } from "@skiff/api";
import { LevelStore, type LevelStoreOptions } from "./level-store.js";
import { pod, take } from "./test-store-contract.js";
import type { WatchEvent } from "./types.js";

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

const brief = (e: WatchEvent) => `${e.revision} ${e.type} ${e.object.metadata.name}@${e.object.metadata.resourceVersion}`;

describe("LevelStore watch history", () => {
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
});
