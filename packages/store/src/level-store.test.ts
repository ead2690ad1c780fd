import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { AlreadyExistsError, ConflictError, NotFoundError, UnavailableError, type ApiObject } from "@skiff/api";
import { DataDirInUseError } from "./errors.js";
import { LevelStore } from "./level-store.js";
import type { LabelMatcher } from "./types.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "skiff-store-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function openStore(dir?: string): Promise<LevelStore> {
  const store = await LevelStore.open(dir ?? (await tempDir()));
  cleanups.push(() => store.close());
  return store;
}

function pod(name: string, namespace = "default", labels?: Record<string, string>): ApiObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace, labels }, spec: { image: "nginx" } };
}

const appWeb: LabelMatcher = { matches: (labels) => labels?.app === "web" };

describe("LevelStore reads and writes", () => {
  it("creates an object, stamps it with the new revision, and gets it back", async () => {
    const store = await openStore();
    expect(store.revision()).toBe(0);
    const created = await store.create(pod("web"));
    expect(created.metadata.resourceVersion).toBe("1");
    expect(store.revision()).toBe(1);
    expect(await store.get({ kind: "Pod", namespace: "default", name: "web" })).toEqual(created);
    expect(await store.get({ kind: "Pod", namespace: "default", name: "nope" })).toBeUndefined();
  });

  it("keeps cluster-scoped objects under an empty namespace", async () => {
    const store = await openStore();
    await store.create({ apiVersion: "v1", kind: "Node", metadata: { name: "n1" } });
    expect(await store.get({ kind: "Node", name: "n1" })).toMatchObject({ metadata: { name: "n1" } });
    expect((await store.list("Node")).items.map((n) => n.metadata.name)).toEqual(["n1"]);
  });

  it("lists by kind, namespace and selector, sorted by namespace then name, with the revision", async () => {
    const store = await openStore();
    await store.create(pod("b", "default", { app: "web" }));
    await store.create(pod("a", "default", { app: "db" }));
    await store.create(pod("c", "a-team", { app: "web" }));
    await store.create(pod("d", "a", { app: "web" }));
    await store.create({ apiVersion: "v1", kind: "PodTemplate", metadata: { name: "x", namespace: "default" } });

    const all = await store.list("Pod");
    expect(all.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(["a/d", "a-team/c", "default/a", "default/b"]);
    expect(all.revision).toBe(5);
    expect((await store.list("Pod", { namespace: "default" })).items.map((p) => p.metadata.name)).toEqual(["a", "b"]);
    expect((await store.list("Pod", { namespace: "a" })).items.map((p) => p.metadata.name)).toEqual(["d"]);
    const web = await store.list("Pod", { selector: appWeb });
    expect(web.items.map((p) => p.metadata.name)).toEqual(["d", "c", "b"]);
    expect((await store.list("Service")).items).toEqual([]);
  });

  it("refuses to create an object that exists", async () => {
    const store = await openStore();
    await store.create(pod("web"));
    await expect(store.create(pod("web"))).rejects.toThrow(AlreadyExistsError);
    await expect(store.create(pod("web"))).rejects.toThrow("Pod default/web already exists");
    expect(store.revision()).toBe(1);
  });

  it("updates with a matching resourceVersion, and refuses a stale one naming both versions", async () => {
    const store = await openStore();
    const v1 = await store.create(pod("web"));
    const v2 = await store.update({ ...v1, spec: { image: "nginx:2" } });
    expect(v2.metadata.resourceVersion).toBe("2");
    const stale = store.update({ ...v1, spec: { image: "nginx:3" } });
    await expect(stale).rejects.toThrow(ConflictError);
    await expect(store.update(v1)).rejects.toThrow(/Pod default\/web.*resourceVersion 1.*has 2/);
    expect(await store.get({ kind: "Pod", namespace: "default", name: "web" })).toMatchObject({ spec: { image: "nginx:2" } });
  });

  it("updates unconditionally without a resourceVersion, and refuses an absent object", async () => {
    const store = await openStore();
    await store.create(pod("web"));
    await store.update(pod("web"));
    expect((await store.get({ kind: "Pod", namespace: "default", name: "web" }))?.metadata.resourceVersion).toBe("2");
    await expect(store.update(pod("ghost"))).rejects.toThrow(NotFoundError);
  });

  it("lets exactly one of several concurrent updates from the same version win", async () => {
    const store = await openStore();
    const v1 = await store.create(pod("web"));
    const attempts = Array.from({ length: 10 }, (_, i) => store.update({ ...v1, spec: { image: `nginx:${i}` } }));
    const outcomes = await Promise.allSettled(attempts);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(ConflictError);
    expect(store.revision()).toBe(2);
  });

  it("deletes with compare-and-swap and returns the last state stamped with the deleting revision", async () => {
    const store = await openStore();
    const v1 = await store.create(pod("web"));
    await store.update(v1);
    const ref = { kind: "Pod", namespace: "default", name: "web" };
    await expect(store.delete(ref, "1")).rejects.toThrow(ConflictError);
    const deleted = await store.delete(ref, "2");
    expect(deleted).toMatchObject({ metadata: { name: "web", resourceVersion: "3" }, spec: { image: "nginx" } });
    expect(await store.get(ref)).toBeUndefined();
    await expect(store.delete(ref)).rejects.toThrow(NotFoundError);
  });

  it("commits a batch atomically under one revision", async () => {
    const store = await openStore();
    const a = await store.create(pod("a"));
    const results = await store.commit([
      { type: "create", object: pod("b") },
      { type: "update", object: a },
      { type: "create", object: pod("c") },
    ]);
    expect(results.map((o) => o.metadata.resourceVersion)).toEqual(["2", "2", "2"]);
    expect(store.revision()).toBe(2);
  });

  it("writes nothing when one op of a batch fails", async () => {
    const store = await openStore();
    await store.create(pod("a"));
    const failing = store.commit([
      { type: "create", object: pod("b") },
      { type: "delete", ref: { kind: "Pod", namespace: "default", name: "a" }, resourceVersion: "99" },
    ]);
    await expect(failing).rejects.toThrow(ConflictError);
    expect(store.revision()).toBe(1);
    expect(await store.get({ kind: "Pod", namespace: "default", name: "b" })).toBeUndefined();
    expect((await store.list("Pod")).items).toHaveLength(1);
  });

  it("lets later ops of a batch see earlier ones", async () => {
    const store = await openStore();
    const [, updated] = await store.commit([
      { type: "create", object: pod("a") },
      { type: "update", object: { ...pod("a"), spec: { image: "redis" } } },
    ]);
    expect(updated).toMatchObject({ spec: { image: "redis" }, metadata: { resourceVersion: "1" } });
    expect(await store.commit([])).toEqual([]);
    expect(store.revision()).toBe(1);
  });

  it("never mutates the caller's objects nor shares memory with them", async () => {
    const store = await openStore();
    const input = pod("web", "default", { app: "web" });
    const created = await store.create(input);
    expect(input.metadata.resourceVersion).toBeUndefined();
    created.metadata.labels!["app"] = "changed";
    input.metadata.labels!["app"] = "changed";
    const read = await store.get({ kind: "Pod", namespace: "default", name: "web" });
    expect(read?.metadata.labels).toEqual({ app: "web" });
  });

  it("refuses a name that would make keys ambiguous", async () => {
    const store = await openStore();
    await expect(store.create(pod("a/b"))).rejects.toThrow(/metadata.name/);
  });

  it("keeps objects and the revision across close and reopen", async () => {
    const dir = await tempDir();
    const first = await LevelStore.open(dir);
    await first.create(pod("a"));
    await first.create(pod("b"));
    await first.close();
    const second = await openStore(dir);
    expect(second.revision()).toBe(2);
    expect((await second.list("Pod")).items.map((p) => p.metadata.name)).toEqual(["a", "b"]);
    expect((await second.create(pod("c"))).metadata.resourceVersion).toBe("3");
  });

  it("refuses a data dir another store holds open", async () => {
    const dir = await tempDir();
    await openStore(dir);
    const second = LevelStore.open(dir);
    await expect(second).rejects.toThrow(DataDirInUseError);
    await expect(LevelStore.open(dir)).rejects.toThrow(`the data dir ${dir} is in use by another skiff server`);
  });

  it("refuses a data dir another process holds open", async () => {
    const dir = await tempDir();
    // The child opens the dir with plain `level` (resolved from the repo root) and waits.
    const holder = `import { Level } from "level"; await new Level(process.argv[1]).open(); console.log("ready"); setInterval(() => {}, 1000);`;
    const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
    const child = spawn(process.execPath, ["--input-type=module", "-e", holder, dir], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
    cleanups.push(async () => {
      if (child.exitCode === null) {
        child.kill();
        await once(child, "exit");
      }
    });
    const [ready] = (await once(child.stdout!, "data")) as [Buffer];
    expect(ready.toString()).toContain("ready");
    await expect(LevelStore.open(dir)).rejects.toThrow(DataDirInUseError);
  });

  it("finishes writes queued before close, and refuses reads and writes after it", async () => {
    const store = await LevelStore.open(await tempDir());
    const queued = [store.create(pod("a")), store.create(pod("b"))];
    await store.close();
    expect((await Promise.all(queued)).map((p) => p.metadata.resourceVersion)).toEqual(["1", "2"]);
    await store.close(); // idempotent
    await expect(store.create(pod("a"))).rejects.toThrow(UnavailableError);
    await expect(store.list("Pod")).rejects.toThrow(UnavailableError);
  });
});
