import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Node, Pod } from "@skiff/api";
import type { LevelStore } from "@skiff/store";
import type { EventRecorder } from "../../events/recorder.js";
import { tempStore } from "../../informer/test-support.js";
import { harness } from "../framework/testing.js";
import { reconcileNodePods } from "./index.js";
import { orphanedPods } from "./pod-gc-plan.js";

let store: LevelStore;
let close: () => Promise<void>;
const recorder: EventRecorder = { record: () => undefined };
beforeEach(async () => {
  ({ store, close } = await tempStore());
});
afterEach(async () => close());

const node = (name: string): Node => ({ apiVersion: "v1", kind: "Node", metadata: { name }, spec: {} });
/** A pod on `nodeName`, Terminating when `terminating` (as the node lifecycle leaves a lost StatefulSet pod). */
const pod = (name: string, nodeName: string, terminating = false): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", uid: `uid-${name}`, ...(terminating ? { deletionTimestamp: "2026-01-01T00:00:30Z", deletionGracePeriodSeconds: 30 } : {}) },
  spec: { nodeName, containers: [{ name: "app", image: "img" }] },
  status: { phase: "Running" },
});
const names = async () => ((await store.list("Pod", { namespace: "default" })).items as Pod[]).map((p) => p.metadata.name).sort();

describe("orphanedPods", () => {
  it("all the pods of a node that is gone; none of one that exists", () => {
    const pods = [pod("a", "n1"), pod("b", "n1", true)];
    expect(orphanedPods(false, pods, "n1").map((p) => p.metadata.name)).toEqual(["a", "b"]);
    expect(orphanedPods(true, pods, "n1")).toEqual([]);
  });
});

describe("pod garbage collector", () => {
  it("a deleted Node's pods go at once, Terminating ones too; other nodes' pods stay", async () => {
    const h = await harness(reconcileNodePods, { store, events: recorder, kinds: ["Node", "Pod"] });
    await h.store.create(node("n1"));
    await h.store.create(node("n2"));
    for (const p of [pod("db-1", "n1", true), pod("web", "n1"), pod("other", "n2")]) await h.store.create(p);

    await h.run("n1"); // the node is there: nothing
    expect(await names()).toEqual(["db-1", "other", "web"]);

    await h.store.delete({ kind: "Node", name: "n1" });
    await h.run("n1");
    await h.run("n2");
    h.stop();
    expect(await names()).toEqual(["other"]);
  });
});
