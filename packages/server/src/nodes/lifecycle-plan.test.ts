import { describe, expect, it } from "vitest";
import type { Node, Pod } from "@skiff/api";
import { evictedStatus, planNode, podsToEvict } from "./lifecycle-plan.js";

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

  it("evicts the running pods of a lost node, not finished ones", () => {
    expect(podsToEvict([pod("a", "n3"), pod("b", "n3", "Succeeded")]).map((p) => p.metadata.name)).toEqual(["a"]);
  });

  it("an evicted pod is Failed with reason NodeLost", () => {
    expect(evictedStatus(pod("a", "n3"), new Date(0)).status).toMatchObject({ phase: "Failed", reason: "NodeLost" });
  });
});
