// Deletion through ObjectService and the controllers' helpers, on a real LevelDB store.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ValidationError, type ApiObject } from "@skiff/api";
import { LevelStore } from "@skiff/store";
import { ObjectService } from "./objects.js";
import { finalizingStore, removeFinalizer } from "./deletion.js";

let dir: string;
let store: LevelStore;
let api: ObjectService;
const now = new Date("2026-01-01T00:00:00Z");

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "skiff-deletion-"));
  store = await LevelStore.open(dir);
  await store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
  api = new ObjectService(store, () => now);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const ref = { kind: "ConfigMap", namespace: "default", name: "held" };
const held = (finalizers = ["example.com/hold"]): ApiObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "held", finalizers }, data: { a: "1" } });

describe("ObjectService.delete", () => {
  it("without finalizers: removed at once", async () => {
    await api.create(held([]));
    await api.delete(ref);
    expect(await store.get(ref)).toBeUndefined();
  });

  it("with a finalizer: marked, and a second delete changes nothing", async () => {
    await api.create(held());
    const marked = await api.delete(ref, undefined, { propagationPolicy: "foreground" });
    expect(marked.metadata).toMatchObject({ deletionTimestamp: now.toISOString(), finalizers: ["example.com/hold", "foregroundDeletion"] });
    const again = await api.delete(ref, undefined, { propagationPolicy: "orphan" });
    expect(again.metadata.resourceVersion).toBe(marked.metadata.resourceVersion);
  });

  it("refuses an unknown propagation policy", async () => {
    await api.create(held([]));
    await expect(api.delete(ref, undefined, { propagationPolicy: "sideways" })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("removing the last finalizer of an object being deleted removes it", () => {
  it("by update", async () => {
    await api.create(held());
    const marked = await api.delete(ref);
    const out = await api.update({ ...marked, metadata: { ...marked.metadata, finalizers: [] } });
    expect(out.object.metadata.finalizers).toEqual([]);
    expect(await store.get(ref)).toBeUndefined();
  });

  it("by apply", async () => {
    await api.create(held());
    await api.delete(ref);
    const [out] = await api.apply([held([])]);
    expect(out?.action).toBe("configured");
    expect(await store.get(ref)).toBeUndefined();
  });

  it("not while another finalizer remains", async () => {
    await api.create(held(["a.example/x", "b.example/y"]));
    await api.delete(ref);
    await api.apply([held(["b.example/y"])]);
    expect((await store.get(ref))?.metadata.finalizers).toEqual(["b.example/y"]);
  });

  it("by a controller's removeFinalizer, or any update through finalizingStore", async () => {
    await api.create(held(["a.example/x", "b.example/y"]));
    const marked = await api.delete(ref);
    const once = await removeFinalizer(store, marked, "a.example/x");
    expect(await store.get(ref)).toBeDefined();
    await finalizingStore(store).update({ ...once, metadata: { ...once.metadata, finalizers: [] } });
    expect(await store.get(ref)).toBeUndefined();
  });
});

describe("namespaces", () => {
  it("a namespace held by its content refuses new objects", async () => {
    await api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } });
    await api.create({ ...held(), metadata: { ...held().metadata, namespace: "team" } });
    const ns = await api.delete({ kind: "Namespace", name: "team" });
    expect(ns.metadata.deletionTimestamp).toBeDefined();
    await expect(api.apply([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "late", namespace: "team" } }])).rejects.toBeInstanceOf(ValidationError);
  });

  it("an empty namespace goes at once", async () => {
    await api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } });
    await api.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "team" } });
    await api.delete({ kind: "Namespace", name: "team" });
    expect(await store.get({ kind: "Namespace", name: "team" })).toBeUndefined();
  });
});
