// Which keys an event names, asked of real shared caches: each controller's keysFor finds the
// objects concerned by index, and names no others.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiObject, Deployment, Pod, ReplicaSet, Service } from "@skiff/api";
import type { LevelStore } from "@skiff/store";
import { silentLog, tempStore } from "../../informer/test-support.js";
import { deploymentController } from "../deployment/index.js";
import { endpointsController } from "../endpoints/index.js";
import { garbageCollector } from "../garbage-collector/index.js";
import { replicaSetController } from "../replicaset/index.js";
import { replicaSet, pod } from "../replicaset/test-fixtures.js";
import type { ControllerDefinition } from "./controller.js";
import { SharedInformers } from "./shared-informers.js";

let store: LevelStore;
let close: () => Promise<void>;
let informers: SharedInformers;
let stop: AbortController;

beforeEach(async () => {
  ({ store, close } = await tempStore());
  stop = new AbortController();
});
afterEach(async () => {
  stop.abort();
  await close();
});

/** Caches holding `objects`, synced. */
async function caches(objects: ApiObject[]): Promise<SharedInformers> {
  if (objects.length) await store.commit(objects.map((object) => ({ type: "create", object })));
  informers = new SharedInformers(store, silentLog, { freeze: true });
  for (const kind of ["Pod", "ReplicaSet", "Deployment", "Service", "Namespace"]) informers.for(kind);
  informers.start(stop.signal);
  await informers.synced();
  return informers;
}

const keysFor = (def: ControllerDefinition, kind: string, obj: ApiObject) =>
  def.watches.filter((w) => w.kind === kind).flatMap((w) => w.keysFor(obj, informers)).sort();

const service = (name: string, selector: Record<string, string> | undefined, namespace = "default"): Service => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace, uid: `uid-${name}` },
  spec: { ports: [{ port: 80 }], ...(selector ? { selector } : {}) },
});

describe("Endpoints: a pod change", () => {
  it("names only the Services whose selector matches the pod", async () => {
    await caches([
      service("web", { app: "web" }),
      service("web-front", { app: "web", tier: "front" }),
      service("db", { app: "db" }),
      service("manual", undefined),
      service("web-elsewhere", { app: "web" }, "other"),
    ]);
    expect(keysFor(endpointsController, "Pod", pod("p", { labels: { app: "web", tier: "front" } }))).toEqual(["default/web", "default/web-front"]);
    expect(keysFor(endpointsController, "Pod", pod("p", { labels: { app: "web" } }))).toEqual(["default/web"]);
    expect(keysFor(endpointsController, "Pod", pod("p", { labels: { app: "cache" } }))).toEqual([]);
  });
});

describe("ReplicaSet: a pod change", () => {
  it("names the pod's owner; an orphan names the ReplicaSets whose selector matches it", async () => {
    const web = replicaSet("web", 1);
    const other: ReplicaSet = { ...replicaSet("other", 1), spec: { ...replicaSet("other", 1).spec, selector: { matchLabels: { app: "other" } } } };
    await caches([web, other]);
    expect(keysFor(replicaSetController, "Pod", pod("owned", { owner: web }))).toEqual(["default/web"]);
    expect(keysFor(replicaSetController, "Pod", pod("orphan"))).toEqual(["default/web"]);
    expect(keysFor(replicaSetController, "Pod", pod("stray", { labels: { app: "db" } }))).toEqual([]);
    expect(keysFor(replicaSetController, "Pod", pod("going", { deleting: true }))).toEqual([]);
  });
});

describe("Deployment: a pod change", () => {
  const owned = <T extends ApiObject>(obj: T, owner: ApiObject): T => ({
    ...obj,
    metadata: { ...obj.metadata, ownerReferences: [{ apiVersion: "apps/v1", kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid ?? "", controller: true }] },
  });
  const deployment = (name: string, type: "Recreate" | "RollingUpdate"): Deployment => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default", uid: `uid-${name}` },
    spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, strategy: { type }, template: replicaSet("x", 1).spec.template },
  });

  it("wakes a Recreate Deployment through the pod's ReplicaSet, and no other", async () => {
    const recreate = deployment("recreate", "Recreate");
    const rolling = deployment("rolling", "RollingUpdate");
    const rsA = owned(replicaSet("a", 1), recreate);
    const rsB = owned(replicaSet("b", 1), rolling);
    await caches([recreate, rolling, rsA, rsB]);
    expect(keysFor(deploymentController, "Pod", pod("p", { owner: rsA }))).toEqual(["default/recreate"]);
    expect(keysFor(deploymentController, "Pod", pod("q", { owner: rsB }))).toEqual([]);
  });
});

describe("Garbage collector: a pod change", () => {
  it("names the pod, and its owner or namespace only while they are being deleted", async () => {
    const rs = replicaSet("web", 1);
    const deleting = { ...replicaSet("old", 1), metadata: { ...replicaSet("old", 1).metadata, deletionTimestamp: "2026-01-01T00:00:00Z", finalizers: ["foregroundDeletion"] } };
    await caches([rs, deleting]);
    expect(keysFor(garbageCollector, "Pod", pod("a", { owner: rs }))).toEqual(["Pod:default/a"]);
    expect(keysFor(garbageCollector, "Pod", pod("b", { owner: deleting }))).toEqual(["Pod:default/b", "ReplicaSet:default/old"]);
  });
});

describe("lookups by index", () => {
  it("GC: dependents and 'has dependents?' come from the owner indexes", async () => {
    const { CacheGraph } = await import("../garbage-collector/graph.js");
    const rs = replicaSet("web", 1);
    const pods: Pod[] = [pod("a", { owner: rs }), pod("b", { owner: rs }), pod("c")];
    await caches([rs, ...pods]);
    const graph = new CacheGraph(informers);
    expect(graph.hasDependents(rs)).toBe(true);
    expect(graph.hasDependents(pods[2]!)).toBe(false);
    expect(graph.dependents(rs).map((o) => o.metadata.name).sort()).toEqual(["a", "b"]);
    expect(graph.dependentsNamed({ kind: "ReplicaSet", namespace: "default", name: "web" }).map((o) => o.metadata.name).sort()).toEqual(["a", "b"]);
    expect(graph.dependentsNamed({ kind: "ReplicaSet", namespace: "other", name: "web" })).toEqual([]);
  });
});
