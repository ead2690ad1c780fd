import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Deployment, PodDisruptionBudget, ReplicaSet } from "@skiff/api";
import type { LevelStore } from "@skiff/store";
import type { EventRecorder } from "../../events/recorder.js";
import { tempStore } from "../../informer/test-support.js";
import { harness } from "../framework/testing.js";
import { reconcileDisruption } from "./disruption-controller.js";
import { T0, budget, pod } from "./test-fixtures.js";

let store: LevelStore;
let close: () => Promise<void>;
const recorder: EventRecorder = { record: () => {} };

beforeEach(async () => {
  ({ store, close } = await tempStore());
});
afterEach(async () => close());

const template = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx" }] } };
const deployment = (replicas: number): Deployment => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default", uid: "uid-deploy" },
  spec: { replicas, selector: { matchLabels: { app: "web" } }, template },
});
const replicaSet = (): ReplicaSet => ({
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: { name: "web-rs", namespace: "default", uid: "uid-rs", ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "uid-deploy", controller: true }] },
  spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template },
});
const read = async () => (await store.get({ kind: "PodDisruptionBudget", namespace: "default", name: "web-pdb" })) as PodDisruptionBudget;

describe("disruption controller shell", () => {
  it("writes the budget's status from the pods in the caches and the Deployment behind their ReplicaSet", async () => {
    const h = await harness(reconcileDisruption, { store, events: recorder, kinds: ["PodDisruptionBudget", "Pod", "ReplicaSet", "Deployment", "StatefulSet"], now: () => T0 });
    await h.store.create(deployment(3));
    await h.store.create(replicaSet());
    await h.store.create(pod("web-a"));
    await h.store.create(pod("web-b"));
    await h.store.create(pod("other", { labels: { app: "other" } }));
    await h.store.create(budget({ maxUnavailable: 1 }));
    await h.run("default/web-pdb");
    h.stop();
    // 3 replicas expected, 2 healthy, 1 may be unavailable: 2 desired, none to spare.
    expect((await read()).status).toMatchObject({ expectedPods: 3, currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0, observedGeneration: 1 });
  });

  it("does not write when nothing changed", async () => {
    const h = await harness(reconcileDisruption, { store, events: recorder, kinds: ["PodDisruptionBudget", "Pod", "ReplicaSet", "Deployment", "StatefulSet"], now: () => T0 });
    await h.store.create(pod("web-a", { owner: null }));
    await h.store.create(budget({ minAvailable: 0 }));
    await h.run("default/web-pdb");
    const first = (await read()).metadata.resourceVersion;
    await h.run("default/web-pdb");
    h.stop();
    expect((await read()).metadata.resourceVersion).toBe(first);
    expect((await read()).status?.disruptionsAllowed).toBe(1);
  });
});
