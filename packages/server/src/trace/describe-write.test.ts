import { describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import { describeWrite, summarize, RESTARTED_AT } from "./describe-write.js";

const deployment = (over: { generation?: number; restartedAt?: string; replicas?: number; status?: Record<string, number> } = {}): ApiObject =>
  ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", uid: "d1", resourceVersion: "40", generation: over.generation ?? 1 },
    spec: { replicas: over.replicas ?? 2, template: { metadata: { annotations: over.restartedAt ? { [RESTARTED_AT]: over.restartedAt } : {} }, spec: { containers: [{ name: "web", image: "skiff-test/busybox:1" }] } } },
    ...(over.status ? { status: over.status } : {}),
  }) as unknown as ApiObject;

const pod = (over: { nodeName?: string; phase?: string; deleting?: boolean; running?: boolean } = {}): ApiObject =>
  ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-abc-1", namespace: "default", uid: "p1", resourceVersion: "52", ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-abc", uid: "rs1", controller: true }], ...(over.deleting ? { deletionTimestamp: "2026-12-07T09:00:00Z" } : {}) },
    spec: { ...(over.nodeName ? { nodeName: over.nodeName } : {}), containers: [{ name: "web", image: "skiff-test/busybox:1" }] },
    ...(over.phase ? { status: { phase: over.phase, containerStatuses: over.running ? [{ name: "web", ready: true, state: { running: { startedAt: "x" } } }] : [] } } : {}),
  }) as unknown as ApiObject;

describe("what a write means in a story", () => {
  it("a restart of a Deployment no controller owns is the user's, with its revision and generation", () => {
    const step = describeWrite("MODIFIED", deployment({ generation: 2, restartedAt: "2026-12-07T09:00:00Z" }), 40, summarize(deployment()));
    expect(step).toMatchObject({ component: "user", step: "spec changed", revision: 40, kind: "Deployment", name: "web", uid: "d1" });
    expect(step?.detail).toContain("restart requested at 2026-12-07T09:00:00Z");
    expect(step?.detail).toContain("(generation 2)");
  });

  it("a pod made by a ReplicaSet is the replicaset-controller's, and names its owner for the story to follow", () => {
    expect(describeWrite("ADDED", pod(), 52, undefined)).toMatchObject({ component: "replicaset-controller", step: "created", ownerUids: ["rs1"], detail: expect.stringContaining("by ReplicaSet web-abc") });
  });

  it("a pod given a node is the scheduler's binding, on that node", () => {
    expect(describeWrite("MODIFIED", pod({ nodeName: "n1" }), 53, summarize(pod()))).toMatchObject({ component: "scheduler", step: "bound", node: "n1" });
  });

  it("a pod's new status is what its node reported, stored by the node session", () => {
    const step = describeWrite("MODIFIED", pod({ nodeName: "n1", phase: "Running", running: true }), 60, summarize(pod({ nodeName: "n1", phase: "Pending" })));
    expect(step).toMatchObject({ component: "node-session", step: "status stored", node: "n1", detail: "phase Running; web running, ready" });
  });

  it("a deletion asked of an owned pod is its controller's; its removal is the node's", () => {
    expect(describeWrite("MODIFIED", pod({ nodeName: "n1", deleting: true }), 70, summarize(pod({ nodeName: "n1" })))).toMatchObject({ component: "replicaset-controller", step: "deleting" });
    expect(describeWrite("DELETED", pod({ nodeName: "n1", deleting: true }), 71, summarize(pod({ nodeName: "n1", deleting: true })))).toMatchObject({ component: "node-session", step: "removed", revision: 71 });
    // Deleted at once (grace 0): gone before its node stops anything.
    expect(describeWrite("DELETED", pod({ nodeName: "n1" }), 72, summarize(pod({ nodeName: "n1" })))).toMatchObject({ component: "replicaset-controller", step: "removed", detail: "deleted from the store at once: n1 is told to stop its containers" });
  });

  it("a workload's status is its controller's, in replica counts", () => {
    const step = describeWrite("MODIFIED", deployment({ status: { replicas: 2, updatedReplicas: 1, readyReplicas: 2 } }), 41, summarize(deployment()));
    expect(step).toMatchObject({ component: "deployment-controller", step: "status", detail: "replicas 2, updated 1, ready 2" });
  });

  it("tells nothing of a write that changes nothing a story tells", () => {
    expect(describeWrite("MODIFIED", deployment(), 41, summarize(deployment()))).toBeUndefined();
  });
});
