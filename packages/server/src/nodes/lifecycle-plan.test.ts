import { describe, expect, it } from "vitest";
import type { Node, Pod } from "@skiff/api";
import { DEFAULT_LIFECYCLE, evictedStatus, heartbeatPeriodFor, lostPodAction, lostPodWrite, planNode, podsToEvict } from "./lifecycle-plan.js";

const config = { heartbeatPeriodMs: 1000, graceMultiplier: 3, evictionTimeoutMs: 5000 };
const node = (name: string, ready: "True" | "Unknown"): Node => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name },
  spec: {},
  status: { conditions: [{ type: "Ready", status: ready }] },
});
const pod = (name: string, nodeName: string, phase: "Running" | "Succeeded" = "Running"): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default" },
  spec: { nodeName, containers: [] },
  status: { phase },
});

describe("planNode", () => {
  // grace = 3 x 1 s; eviction 5 s after that.
  it("a node heard within the grace period: nothing to do, look again when it runs out", () => {
    expect(planNode(node("n1", "True"), 10_000, 10_500, config)).toEqual({ markNotReady: false, lost: false, recheckInMs: 2_501 });
  });

  it("marks a Ready node NotReady after grace x period without a heartbeat, and looks again at the eviction deadline", () => {
    expect(planNode(node("n2", "True"), 6_000, 10_500, config)).toEqual({ markNotReady: true, lost: false, recheckInMs: 3_501 });
    expect(planNode(node("n2", "Unknown"), 6_000, 10_500, config)).toEqual({ markNotReady: false, lost: false, recheckInMs: 3_501 });
  });

  it("a node silent past the eviction timeout is lost: no timer (its return wakes the loop)", () => {
    expect(planNode(node("n3", "Unknown"), 1_000, 10_500, config)).toEqual({ markNotReady: false, lost: true });
  });

  it("gives a node told a longer heartbeat period a grace of that many periods", () => {
    expect(planNode(node("n4", "True"), 6_000, 10_500, config, 2_000)).toEqual({ markNotReady: false, lost: false, recheckInMs: 1_501 });
    expect(planNode(node("n4", "True"), 4_000, 10_500, config, 2_000)).toMatchObject({ markNotReady: true, lost: false });
  });

  it("evicts the running pods of a lost node, not finished ones", () => {
    expect(podsToEvict([pod("a", "n3"), pod("b", "n3", "Succeeded")]).map((p) => p.metadata.name)).toEqual(["a"]);
  });

  it("an evicted pod is Failed with reason NodeLost", () => {
    expect(evictedStatus(pod("a", "n3"), new Date(0)).status).toMatchObject({ phase: "Failed", reason: "NodeLost" });
  });
});

describe("pods of a lost node", () => {
  const owned = (kind: string, o: { phase?: "Running" | "Succeeded" | "Failed"; reason?: string; deleting?: boolean; grace?: number } = {}): Pod => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: kind === "StatefulSet" ? "db-1" : "web-x",
      namespace: "default",
      ownerReferences: [{ apiVersion: "apps/v1", kind, name: "owner", uid: "o1", controller: true }],
      ...(o.deleting ? { deletionTimestamp: "2026-01-01T00:00:10Z", deletionGracePeriodSeconds: 10 } : {}),
    },
    spec: { nodeName: "n3", containers: [], ...(o.grace !== undefined ? { terminationGracePeriodSeconds: o.grace } : {}) },
    status: { phase: o.phase ?? "Running", ...(o.reason ? { reason: o.reason } : {}) },
  });

  const cases: { name: string; pod: Pod; action: string | undefined }[] = [
    { name: "a ReplicaSet's pod is failed, to be replaced elsewhere", pod: owned("ReplicaSet"), action: "fail" },
    { name: "a Job's pod is failed", pod: owned("Job"), action: "fail" },
    { name: "a DaemonSet's pod is failed", pod: owned("DaemonSet"), action: "fail" },
    { name: "a StatefulSet's pod keeps its identity: Terminating", pod: owned("StatefulSet"), action: "terminate" },
    { name: "a StatefulSet's pod already marked NodeLost: nothing more", pod: owned("StatefulSet", { reason: "NodeLost", deleting: true }), action: undefined },
    { name: "a StatefulSet's pod the user was deleting: marked NodeLost too", pod: owned("StatefulSet", { deleting: true }), action: "terminate" },
    { name: "a finished pod: nothing", pod: owned("StatefulSet", { phase: "Succeeded" }), action: undefined },
  ];
  it.each(cases)("$name", ({ pod: p, action }) => {
    expect(lostPodAction(p)).toBe(action);
    expect(podsToEvict([p]).length).toBe(action ? 1 : 0);
  });

  const now = new Date("2026-01-01T00:00:00Z");
  it("a StatefulSet's pod is marked Terminating with its grace period and reason NodeLost, its phase kept", () => {
    const written = lostPodWrite(owned("StatefulSet", { grace: 20 }), now);
    expect(written?.metadata).toMatchObject({ deletionTimestamp: "2026-01-01T00:00:20.000Z", deletionGracePeriodSeconds: 20 });
    expect(written?.status).toMatchObject({ phase: "Running", reason: "NodeLost" });
    expect(written?.status?.conditions).toContainEqual(expect.objectContaining({ type: "Ready", status: "False", reason: "NodeLost" }));
  });

  it("a grace period of 0 still marks (1 s): removing it would free its name while it may run", () => {
    expect(lostPodWrite(owned("StatefulSet", { grace: 0 }), now)?.metadata.deletionGracePeriodSeconds).toBe(1);
  });

  it("a pod the user was deleting keeps its deletion", () => {
    expect(lostPodWrite(owned("StatefulSet", { deleting: true }), now)?.metadata).toMatchObject({ deletionTimestamp: "2026-01-01T00:00:10Z", deletionGracePeriodSeconds: 10 });
  });

  it("a ReplicaSet's pod is Failed, not marked", () => {
    const written = lostPodWrite(owned("ReplicaSet"), now);
    expect(written?.status).toMatchObject({ phase: "Failed", reason: "NodeLost" });
    expect(written?.metadata.deletionTimestamp).toBeUndefined();
  });
});

describe("heartbeatPeriodFor", () => {
  it("keeps the configured period while the nodes stay within the rate, then grows with them", () => {
    expect([1, 200, 201, 1_000, 5_000].map((n) => heartbeatPeriodFor(DEFAULT_LIFECYCLE, n))).toEqual([2_000, 2_000, 2_010, 10_000, 50_000]);
  });

  it("never goes below the configured period, and a rate of 0 (or none) never grows it", () => {
    expect(heartbeatPeriodFor({ ...config, heartbeatPeriodMs: 30_000, maxHeartbeatsPerSecond: 100 }, 1_000)).toBe(30_000);
    expect(heartbeatPeriodFor({ ...config, maxHeartbeatsPerSecond: 0 }, 10_000)).toBe(1_000);
    expect(heartbeatPeriodFor(config, 10_000)).toBe(1_000);
  });
});
