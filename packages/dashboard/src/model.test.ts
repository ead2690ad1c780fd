import { describe, expect, it } from "vitest";
import type { Deployment, Node, Pod, ReplicaSet } from "@skiff/api";
import type { NodeReport } from "./live.js";
import { controlLoop, nodeColumns, podCard, previousRevision, rolloutProgress, type Workload } from "./model.js";

const node = (name: string, ready: boolean, extra: Partial<Node["spec"]> = {}): Node => ({
  apiVersion: "v1", kind: "Node", metadata: { name },
  spec: { ...extra },
  status: { allocatable: { cpu: "2", memory: "1Gi" }, conditions: [{ type: "Ready", status: ready ? "True" : "Unknown" }] },
}) as Node;

const pod = (name: string, nodeName: string | undefined, extra: { phase?: string; cpu?: string; owner?: string; ready?: boolean; restarts?: number; deleting?: boolean } = {}): Pod => ({
  apiVersion: "v1", kind: "Pod",
  metadata: { name, namespace: "default", uid: `uid-${name}`, ...(extra.owner ? { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: extra.owner, uid: `uid-${extra.owner}` }] } : {}), ...(extra.deleting ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}) },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: "c", image: "i", ...(extra.cpu ? { resources: { requests: { cpu: extra.cpu, memory: "64Mi" } } } : {}) }] },
  status: { phase: extra.phase ?? "Running", containerStatuses: [{ name: "c", ready: extra.ready ?? true, restartCount: extra.restarts ?? 0, image: "i", imageID: "" }] },
}) as unknown as Pod;

describe("the cluster view's columns", () => {
  it("puts each pod under its node, sums the requests of the pods still holding it, and marks NotReady and cordoned nodes", () => {
    const { columns, unscheduled } = nodeColumns(
      [node("b", false), node("a", true, { unschedulable: true })],
      [pod("p1", "a", { cpu: "500m" }), pod("p2", "a", { cpu: "250m", phase: "Succeeded" }), pod("p3", "b"), pod("waiting", undefined, { phase: "Pending" })],
    );
    expect(columns.map((c) => [c.name, c.ready, c.cordoned, c.pods.map((p) => p.name)])).toEqual([["a", true, true, ["p1", "p2"]], ["b", false, false, ["p3"]]]);
    expect(columns[0]!.cpu).toEqual({ allocatable: 2000, requested: 500, limits: 0 });
    expect(columns[0]!.memory).toEqual({ allocatable: 1024 ** 3, requested: 64 * 1024 ** 2, limits: 0 });
    expect(unscheduled.map((p) => p.name)).toEqual(["waiting"]);
  });

  it("a card says Terminating once deletion began, with readiness and restarts", () => {
    expect(podCard(pod("x", "a", { deleting: true })).phase).toBe("Terminating");
    expect(podCard(pod("y", "a", { ready: false, restarts: 3 }))).toMatchObject({ phase: "Running", ready: 0, containers: 1, restarts: 3 });
  });
});

describe("usage next to requests and limits", () => {
  const report = (node: string, pods: [string, string, string][]) => ({
    node: { apiVersion: "metrics.k8s.io/v1beta1", kind: "NodeMetrics", metadata: { name: node, creationTimestamp: "" }, timestamp: "", window: "10s", usage: { cpu: "750000000n", memory: "524288Ki" } },
    pods: pods.map(([name, cpu, memory]) => ({ apiVersion: "metrics.k8s.io/v1beta1", kind: "PodMetrics", metadata: { name, namespace: "default", creationTimestamp: "" }, timestamp: "", window: "10s", containers: [{ name: "c", usage: { cpu, memory } }] })),
  }) as unknown as NodeReport;

  it("puts the node's reported usage beside what its pods request and are limited to, and each pod's own on its card", () => {
    const limited = pod("p1", "a", { cpu: "500m" });
    limited.spec.containers[0]!.resources!.limits = { cpu: "1", memory: "128Mi" };
    const { columns } = nodeColumns([node("a", true), node("b", true)], [limited, pod("p2", "b")], new Map([["a", report("a", [["p1", "5000000n", "2048Ki"]])]]));
    expect(columns[0]!.cpu).toEqual({ allocatable: 2000, requested: 500, limits: 1000, used: 750 });
    expect(columns[0]!.memory).toEqual({ allocatable: 1024 ** 3, requested: 64 * 1024 ** 2, limits: 128 * 1024 ** 2, used: 512 * 1024 ** 2 });
    expect(columns[0]!.pods[0]).toMatchObject({ requests: { cpu: 500, memory: 64 * 1024 ** 2 }, limits: { cpu: 1000, memory: 128 * 1024 ** 2 }, usage: { cpu: 5, memory: 2 * 1024 ** 2 } });
    // No report from b yet: no usage claimed, not zero.
    expect(columns[1]!.cpu.used).toBeUndefined();
    expect(columns[1]!.pods[0]!.usage).toBeUndefined();
  });
});

describe("the control loop of a Deployment", () => {
  const d = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "default", uid: "uid-web", generation: 2 }, spec: { replicas: 3, selector: {}, template: {} }, status: { observedGeneration: 1, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2 } } as unknown as Deployment;
  const rs = (name: string, revision: number, owner = "web"): ReplicaSet => ({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name, namespace: "default", uid: `uid-${name}`, annotations: { "deployment.kubernetes.io/revision": String(revision) }, ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: owner, uid: `uid-${owner}` }] }, spec: { replicas: revision, selector: {}, template: {} }, status: { replicas: revision, readyReplicas: 1 } }) as unknown as ReplicaSet;

  it("links the Deployment's own ReplicaSets, newest revision first, each with its own pods and numbers", () => {
    const loop = controlLoop(d, [rs("web-1", 1), rs("web-2", 2), rs("other-1", 1, "other")], [pod("a", "n", { owner: "web-1" }), pod("b", "n", { owner: "web-2" }), pod("c", "n", { owner: "other-1" })]);
    expect(loop.deployment).toMatchObject({ desired: 3, updated: 1, ready: 2, generation: 2, observedGeneration: 1 });
    expect(loop.replicaSets.map((r) => [r.rs.metadata.name, r.revision, r.desired, r.current, r.pods.map((p) => p.metadata.name)])).toEqual([["web-2", 2, 2, 2, ["b"]], ["web-1", 1, 1, 1, ["a"]]]);
  });

  it("undo goes back to the newest revision before the current one", () => {
    expect(previousRevision([rs("web-1", 1), rs("web-3", 3), rs("web-2", 2)])?.metadata.name).toBe("web-2");
    expect(previousRevision([rs("web-1", 1)])).toBeUndefined();
  });
});

describe("a rollout's progress", () => {
  it("reads each kind's own numbers: a Deployment's and a StatefulSet's replicas, a DaemonSet's nodes; only a Deployment pauses", () => {
    const deployment = { kind: "Deployment", metadata: { name: "d" }, spec: { replicas: 4, paused: true }, status: { updatedReplicas: 2, readyReplicas: 3, availableReplicas: 1 } } as unknown as Workload;
    const statefulSet = { kind: "StatefulSet", metadata: { name: "s" }, spec: {}, status: { replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 } } as unknown as Workload;
    const daemonSet = { kind: "DaemonSet", metadata: { name: "ds" }, spec: {}, status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberMisscheduled: 0, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 } } as unknown as Workload;
    expect(rolloutProgress(deployment)).toEqual({ desired: 4, updated: 2, ready: 3, available: 1, paused: true });
    expect(rolloutProgress(statefulSet)).toEqual({ desired: 1, updated: 1, ready: 1, available: 1, paused: false });
    expect(rolloutProgress(daemonSet)).toEqual({ desired: 3, updated: 3, ready: 2, available: 2, paused: false });
  });
});
