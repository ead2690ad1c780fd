import { describe, expect, it } from "vitest";
import type { DaemonSet, Node, Pod } from "@skiff/api";
import { planDaemonSet, type DaemonSetPlan } from "./daemonset-plan.js";
import { templateHash } from "./revision.js";
import { at, daemonSet, node, pod, updated } from "./test-fixtures.js";

function plan(ds: DaemonSet, nodes: Node[], pods: Pod[], seconds = 100): DaemonSetPlan {
  return planDaemonSet(ds, nodes, pods, templateHash(ds.spec.template), at(seconds));
}
const created = (p: DaemonSetPlan) => p.create.map((c) => c.nodeName);
const deleted = (p: DaemonSetPlan) => p.delete.map((d) => d.metadata.name);

describe("DaemonSet plan: which nodes get a pod", () => {
  const ds = daemonSet();

  it("makes one pod per node, and nothing more once each has one", () => {
    expect(created(plan(ds, [node("a"), node("b")], []))).toEqual(["a", "b"]);
    const converged = plan(ds, [node("a"), node("b")], [pod("p1", "a", ds), pod("p2", "b", ds)]);
    expect(converged.create).toEqual([]);
    expect(converged.delete).toEqual([]);
  });

  it("a node whose pod is Terminating gets no new one until the old one is gone (as Kubernetes)", () => {
    const stopping = pod("p1", "a", ds);
    stopping.metadata.deletionTimestamp = at(90).toISOString();
    const p = plan(ds, [node("a")], [stopping]);
    expect(p.create).toEqual([]);
    expect(p.delete).toEqual([]);
  });

  it("gives a new node a pod", () => {
    expect(created(plan(ds, [node("a"), node("b"), node("c")], [pod("p1", "a", ds), pod("p2", "b", ds)]))).toEqual(["c"]);
  });

  it("only nodes matching the nodeSelector", () => {
    const ssd = daemonSet({ template: { ...ds.spec.template, spec: { ...ds.spec.template.spec, nodeSelector: { disk: "ssd" } } } });
    expect(created(plan(ssd, [node("a", { labels: { disk: "ssd" } }), node("b", { labels: { disk: "hdd" } }), node("c")], []))).toEqual(["a"]);
  });

  it("skips a node with an untolerated NoSchedule or NoExecute taint, not one with a tolerated taint or PreferNoSchedule", () => {
    const nodes = [
      node("gpu", { taints: [{ key: "gpu", value: "true", effect: "NoSchedule" }] }),
      node("evict", { taints: [{ key: "maint", effect: "NoExecute" }] }),
      node("soft", { taints: [{ key: "old", effect: "PreferNoSchedule" }] }),
      node("plain"),
    ];
    expect(created(plan(ds, nodes, []))).toEqual(["plain", "soft"]);
    const tolerant = daemonSet({ template: { ...ds.spec.template, spec: { ...ds.spec.template.spec, tolerations: [{ key: "gpu", operator: "Exists" }] } } });
    expect(created(plan(tolerant, nodes, []))).toEqual(["gpu", "plain", "soft"]);
  });

  it("tolerates the taints Kubernetes' daemon pods tolerate (memory pressure, not-ready, unschedulable)", () => {
    const nodes = [
      node("pressure", { taints: [{ key: "node.kubernetes.io/memory-pressure", effect: "NoSchedule" }] }),
      node("notready", { taints: [{ key: "node.kubernetes.io/not-ready", effect: "NoExecute" }] }),
      node("cordoned", { unschedulable: true, taints: [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }] }),
    ];
    expect(created(plan(ds, nodes, []))).toEqual(["cordoned", "notready", "pressure"]);
  });

  it("keeps the pod of a cordoned node, and gives one to a cordoned node without", () => {
    const p = plan(ds, [node("a", { unschedulable: true }), node("b", { unschedulable: true })], [pod("p1", "a", ds)]);
    expect(deleted(p)).toEqual([]);
    expect(created(p)).toEqual(["b"]);
  });

  it("removes the pod of a node that no longer matches the nodeSelector, or is gone", () => {
    const ssd = daemonSet({ template: { ...ds.spec.template, spec: { ...ds.spec.template.spec, nodeSelector: { disk: "ssd" } } } });
    const p = plan(ssd, [node("a", { labels: { disk: "hdd" } })], [pod("p1", "a", ssd), pod("p2", "gone", ssd)]);
    expect(deleted(p).sort()).toEqual(["p1", "p2"]);
    expect(p.status).toMatchObject({ desiredNumberScheduled: 0, numberMisscheduled: 1 });
  });

  it("keeps a pod through a new NoSchedule taint, but not through a NoExecute one", () => {
    const noSchedule = plan(ds, [node("a", { taints: [{ key: "k", effect: "NoSchedule" }] })], [pod("p1", "a", ds)]);
    expect(noSchedule.delete).toEqual([]);
    expect(noSchedule.status).toMatchObject({ desiredNumberScheduled: 0, numberMisscheduled: 1 });
    expect(deleted(plan(ds, [node("a", { taints: [{ key: "k", effect: "NoExecute" }] })], [pod("p1", "a", ds)]))).toEqual(["p1"]);
  });

  it("makes no pod on a node that is not Ready (its pods would be failed), but counts it as desired and keeps its pod", () => {
    const p = plan(ds, [node("a", { ready: false }), node("b", { ready: false })], [pod("p1", "a", ds)]);
    expect(p.create).toEqual([]);
    expect(p.delete).toEqual([]);
    expect(p.status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 1 });
  });

  it("keeps the oldest of two pods on one node", () => {
    expect(deleted(plan(ds, [node("a")], [pod("young", "a", ds, { created: 5 }), pod("old", "a", ds, { created: 1 })]))).toEqual(["young"]);
  });
});

describe("DaemonSet plan: failed pods", () => {
  const ds = daemonSet();

  it("replaces a failed pod after a backoff (1 s), deleting and making in one step, and counts the failure", () => {
    const failed = pod("p1", "a", ds, { phase: "Failed", created: 0, finished: 10 });
    const waiting = plan(ds, [node("a")], [failed], 10.5);
    expect(waiting.create).toEqual([]);
    expect(waiting.delete).toEqual([]);
    expect(waiting.requeueAfterMs).toBe(500);
    const now = plan(ds, [node("a")], [failed], 11);
    expect(deleted(now)).toEqual(["p1"]);
    expect(now.create).toEqual([{ nodeName: "a", failures: 1 }]);
    expect(now.events[0]).toMatchObject({ reason: "FailedDaemonPod", message: "Found failed daemon pod default/p1 on node a, will try to kill it" });
  });

  it("doubles the backoff per failure in a row, at most 15 minutes", () => {
    const third = pod("p3", "a", ds, { phase: "Failed", created: 0, finished: 10, annotations: { "skiff.dev/daemon-pod-failures": "2" } });
    expect(plan(ds, [node("a")], [third], 10).requeueAfterMs).toBe(4_000);
    const many = pod("p9", "a", ds, { phase: "Failed", created: 0, finished: 10, annotations: { "skiff.dev/daemon-pod-failures": "30" } });
    expect(plan(ds, [node("a")], [many], 10).requeueAfterMs).toBe(15 * 60_000);
  });

  it("replaces two failed pods on one node with one pod, after the longer backoff", () => {
    const older = pod("p1", "a", ds, { phase: "Failed", created: 0, finished: 10 });
    const newer = pod("p2", "a", ds, { phase: "Failed", created: 10, finished: 12 });
    expect(plan(ds, [node("a")], [older, newer], 12.5).requeueAfterMs).toBe(500);
    const p = plan(ds, [node("a")], [older, newer], 13);
    expect(deleted(p).sort()).toEqual(["p1", "p2"]);
    expect(p.create).toEqual([{ nodeName: "a", failures: 1 }]);
  });

  it("deletes a failed pod beside a running one without replacing it", () => {
    const p = plan(ds, [node("a")], [pod("p1", "a", ds, { created: 0 }), pod("p2", "a", ds, { phase: "Failed", created: 5, finished: 6 })], 6);
    expect(deleted(p)).toEqual(["p2"]);
    expect(p.create).toEqual([]);
  });

  it("replaces a Succeeded pod at once", () => {
    const p = plan(ds, [node("a")], [pod("p1", "a", ds, { phase: "Succeeded" })]);
    expect(deleted(p)).toEqual(["p1"]);
    expect(created(p)).toEqual(["a"]);
  });
});

describe("DaemonSet plan: status, as Kubernetes counts it", () => {
  it("counts desired, current, ready, available, updated and misscheduled nodes", () => {
    const v1 = daemonSet({ minReadySeconds: 30, template: { ...daemonSet().spec.template, spec: { ...daemonSet().spec.template.spec, nodeSelector: { role: "web" } } } });
    const v2 = updated(v1);
    const web = { labels: { role: "web" } };
    const nodes = [node("a", web), node("b", web), node("c", web), node("d", web), node("x")];
    const pods = [
      pod("pa", "a", v2, { from: v1, readySince: 0 }), // old, available
      pod("pb", "b", v2, { readySince: 90 }), // new, ready, not yet available
      pod("pc", "c", v2, { phase: "Pending" }), // new, not ready
      pod("px", "x", v2), // misscheduled
    ];
    const p = plan(v2, nodes, pods, 100);
    expect(p.status).toEqual({
      desiredNumberScheduled: 4,
      currentNumberScheduled: 3,
      numberMisscheduled: 1,
      numberReady: 2,
      updatedNumberScheduled: 2,
      numberAvailable: 1,
      numberUnavailable: 3,
      observedGeneration: 2,
    });
    // pb becomes available at 120 s: look again then.
    expect(p.requeueAfterMs).toBe(20_000);
  });
});

describe("DaemonSet plan: rolling update", () => {
  const v1 = daemonSet();
  const nodes = [node("a"), node("b"), node("c")];
  const old = [pod("pa", "a", v1), pod("pb", "b", v1), pod("pc", "c", v1)];

  it("maxUnavailable 1: deletes one old pod at a time, the next only when its replacement is available", () => {
    const v2 = updated(v1);
    expect(deleted(plan(v2, nodes, old))).toEqual(["pa"]);
    const replacing = [pod("na", "a", v2, { phase: "Pending" }), old[1]!, old[2]!];
    expect(plan(v2, nodes, replacing).delete).toEqual([]);
    const replaced = [pod("na", "a", v2), old[1]!, old[2]!];
    expect(deleted(plan(v2, nodes, replaced))).toEqual(["pb"]);
  });

  it("maxUnavailable 2: two at a time", () => {
    const v2 = updated(daemonSet({ updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 2, maxSurge: 0 } } }));
    expect(deleted(plan(v2, nodes, old))).toEqual(["pa", "pb"]);
  });

  it("replaces an old pod that is not available at once, whatever the budget", () => {
    const v2 = updated(v1);
    const pods = [pod("na", "a", v2, { phase: "Pending" }), pod("pb", "b", v1, { ready: false }), old[2]!];
    expect(deleted(plan(v2, nodes, pods))).toEqual(["pb"]);
  });

  it("maxSurge 1, maxUnavailable 0: a new pod beside the old, the old deleted only when the new is available", () => {
    const v2 = updated(daemonSet({ minReadySeconds: 10, updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } }));
    const first = plan(v2, nodes, old);
    expect(created(first)).toEqual(["a"]);
    expect(first.delete).toEqual([]);
    const surging = [...old, pod("na", "a", v2, { phase: "Pending", created: 50 })];
    expect(plan(v2, nodes, surging).create).toEqual([]);
    expect(plan(v2, nodes, surging).delete).toEqual([]);
    const readyNotAvailable = [...old, pod("na", "a", v2, { created: 50, readySince: 95 })];
    const waiting = plan(v2, nodes, readyNotAvailable, 100);
    expect(waiting.delete).toEqual([]);
    expect(waiting.requeueAfterMs).toBe(5_000);
    expect(deleted(plan(v2, nodes, readyNotAvailable, 105))).toEqual(["pa"]);
  });

  it("OnDelete: old pods stay; a pod the user deleted comes back from the new template", () => {
    const v2 = updated(daemonSet({ updateStrategy: { type: "OnDelete" } }));
    expect(plan(v2, nodes, old).delete).toEqual([]);
    expect(created(plan(v2, nodes, old.slice(1)))).toEqual(["a"]);
  });

  it("does not roll while the manage pass has work (a node without its pod)", () => {
    const v2 = updated(v1);
    const p = plan(v2, [...nodes, node("d")], old);
    expect(created(p)).toEqual(["d"]);
    expect(p.delete).toEqual([]);
  });
});
