import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ControllerRevision, DaemonSet, Node, Pod } from "@skiff/api";
import type { LevelStore } from "@skiff/store";
import type { EventRecorder } from "../../events/recorder.js";
import { tempStore } from "../../informer/test-support.js";
import { harness } from "../framework/testing.js";
import { DEFAULT_CHUNK_LIMITS } from "@skiff/store";
import { daemonSetController, reconcileDaemonSet } from "./daemonset-controller.js";
import { daemonSet, node, updated } from "./test-fixtures.js";

let store: LevelStore;
let close: () => Promise<void>;
let events: { reason: string; message: string }[];
const recorder: EventRecorder = { record: (_o, _t, reason, message) => events.push({ reason, message }) };

beforeEach(async () => {
  ({ store, close } = await tempStore());
  events = [];
});
afterEach(async () => close());

const podsOf = async () => (await store.list("Pod", { namespace: "default" })).items as Pod[];
const readDs = async () => (await store.get({ kind: "DaemonSet", namespace: "default", name: "logs" })) as DaemonSet;
const onLogNodes = () => {
  const ds = daemonSet();
  ds.spec.template.spec.nodeSelector = { role: "log" };
  return ds;
};

describe("DaemonSet controller shell", () => {
  it("on 300 nodes makes its pods in passes that each fit one etcd transaction, then has one on every node", async () => {
    const h = await harness(reconcileDaemonSet, { store, events: recorder, kinds: ["DaemonSet", "Pod", "Node"] });
    await h.store.commit(Array.from({ length: 300 }, (_, i) => ({ type: "create" as const, object: node(`n${i}`) })));
    await h.store.create(daemonSet());
    const passes: number[] = [];
    for (let before = -1; (await podsOf()).length !== before; ) {
      before = (await podsOf()).length;
      await h.run("default/logs");
      passes.push((await podsOf()).length - before);
    }
    h.stop();
    expect(Math.max(...passes)).toBeLessThan(DEFAULT_CHUNK_LIMITS.maxOps);
    expect(passes.filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
    expect(new Set((await podsOf()).map((p) => p.spec.nodeName)).size).toBe(300);
    expect(events.filter((e) => e.reason === "SuccessfulCreate")).toHaveLength(300);
  });

  it("makes one pod per eligible node, bound to it, with the revision labels and daemon tolerations, once", async () => {
    const h = await harness(reconcileDaemonSet, { store, events: recorder, kinds: ["DaemonSet", "Pod", "Node"] });
    for (const n of [node("a", { labels: { role: "log" } }), node("b", { labels: { role: "log" } }), node("c")]) await h.store.create(n);
    await h.store.create(onLogNodes());
    await h.run("default/logs");
    await h.run("default/logs");
    h.stop();
    const pods = await podsOf();
    expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(["a", "b"]);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^logs-[a-z0-9]{5}$/);
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: "DaemonSet", name: "logs", uid: "uid-logs", controller: true });
      expect(p.metadata.labels).toMatchObject({ app: "logs", "pod-template-generation": "1" });
      expect(p.metadata.labels?.["controller-revision-hash"]).toMatch(/^[0-9a-f]{10}$/);
      expect(p.spec.tolerations).toContainEqual({ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" });
    }
    expect((await readDs()).status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 0, observedGeneration: 1 });
    expect(events.filter((e) => e.reason === "SuccessfulCreate")).toHaveLength(2);
  });

  it("removes the pod of a node labelled out of the nodeSelector", async () => {
    const h = await harness(reconcileDaemonSet, { store, events: recorder, kinds: ["DaemonSet", "Pod", "Node"] });
    for (const n of [node("a", { labels: { role: "log" } }), node("b", { labels: { role: "log" } })]) await h.store.create(n);
    await h.store.create(onLogNodes());
    await h.run("default/logs");
    const b = (await store.get({ kind: "Node", name: "b" })) as Node;
    await h.store.update({ ...b, metadata: { ...b.metadata, labels: { "kubernetes.io/hostname": "b" } } });
    await h.run("default/logs");
    await h.run("default/logs");
    h.stop();
    expect((await podsOf()).map((p) => p.spec.nodeName)).toEqual(["a"]);
    expect((await readDs()).status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 0 });
  });

  it("keeps one ControllerRevision per template, numbered, and rolls the pods to a new template", async () => {
    const h = await harness(reconcileDaemonSet, { store, events: recorder, kinds: ["DaemonSet", "Pod", "Node", "ControllerRevision"] });
    await h.store.create(node("a"));
    await h.store.create(daemonSet());
    await h.run("default/logs");
    const first = (await podsOf())[0]!;
    const stored = await readDs();
    await h.store.update({ ...updated(stored), metadata: { ...stored.metadata, generation: 2 } });
    await h.run("default/logs"); // the old pod goes (maxUnavailable 1)
    await h.run("default/logs"); // the new one is made
    h.stop();
    const revisions = (await store.list("ControllerRevision", { namespace: "default" })).items as ControllerRevision[];
    expect(revisions.map((r) => r.revision).sort()).toEqual([1, 2]);
    for (const r of revisions) expect(r.metadata.ownerReferences?.[0]).toMatchObject({ kind: "DaemonSet", name: "logs", controller: true });
    const pods = await podsOf();
    expect(pods).toHaveLength(1);
    expect(pods[0]!.metadata.name).not.toBe(first.metadata.name);
    expect(pods[0]!.spec.containers[0]!.image).toBe("fluentd:2");
    const newest = revisions.find((r) => r.revision === 2)!;
    expect(newest.metadata.labels?.["controller-revision-hash"]).toBe(pods[0]!.metadata.labels?.["controller-revision-hash"]);
  });

  it("a Node event brings back every DaemonSet", async () => {
    const h = await harness(reconcileDaemonSet, { store, events: recorder, kinds: ["DaemonSet", "Pod", "Node"] });
    await h.store.create(daemonSet());
    await h.store.create({ ...daemonSet(), metadata: { ...daemonSet().metadata, name: "metrics", uid: "uid-metrics" } });
    await h.run("default/logs"); // waits for the caches
    const watch = daemonSetController.watches.find((w) => w.kind === "Node")!;
    expect(watch.keysFor(node("z"), h.ctx.informers).sort()).toEqual(["default/logs", "default/metrics"]);
    h.stop();
  });
});
