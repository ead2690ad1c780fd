// A CRD being deleted takes its objects with it: while it does, a new object of its kind is refused
// (create and apply), and what exists may still be updated, as the CRD controller's deletion needs.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KINDS, setCustomResources, type ApiObject, type CustomResourceDefinition } from "@skiff/api";
import { LevelStore } from "@skiff/store";
import { KindTerminatingError } from "./kind-lifecycle.js";
import { ObjectService } from "./objects.js";

const schema = { type: "object", properties: { spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } };
const crd = (deleting: boolean): CustomResourceDefinition => ({
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "websites.example.com", ...(deleting ? { deletionTimestamp: "2026-01-01T00:00:00Z", finalizers: ["customresourcecleanup.apiextensions.k8s.io"] } : {}) },
  spec: { group: "example.com", names: { plural: "websites", kind: "Website" }, scope: "Namespaced", versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: schema } }] },
});
const site = (name: string, spec: unknown = { replicas: 1 }): ApiObject => ({ apiVersion: "example.com/v1", kind: "Website", metadata: { name, namespace: "default" }, spec });

let dir: string;
let store: LevelStore;
let api: ObjectService;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "skiff-kind-lifecycle-"));
  store = await LevelStore.open(dir);
  await store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
  api = new ObjectService(store, () => new Date("2026-01-01T00:00:00Z"));
  setCustomResources([crd(false)], KINDS);
});
afterEach(async () => {
  setCustomResources([], KINDS);
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe("objects of a CRD being deleted", () => {
  it("a new one is refused by create and by apply, in Kubernetes' words, naming the CRD", async () => {
    await api.apply([site("old")]);
    setCustomResources([crd(true)], KINDS);
    for (const attempt of [() => api.create(site("new")), () => api.apply([site("new")])]) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KindTerminatingError);
      expect((err as Error).message).toMatch(/^create not allowed while custom resource definition is terminating: websites\.example\.com is being deleted/);
    }
    expect(await store.get({ kind: "Website", namespace: "default", name: "new" })).toBeUndefined();
  });

  it("one that exists may still be changed, and creates work again once the CRD is back", async () => {
    await api.apply([site("old")]);
    setCustomResources([crd(true)], KINDS);
    const [changed] = await api.apply([site("old", { replicas: 2 })]);
    expect(changed?.action).toBe("configured");
    setCustomResources([crd(false)], KINDS);
    const [created] = await api.apply([site("new")]);
    expect(created?.action).toBe("created");
  });
});
