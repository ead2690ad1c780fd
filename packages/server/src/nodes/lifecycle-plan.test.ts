import { describe, expect, it } from "vitest";
import type { Node, Pod } from "@skiff/api";
import { planLifecycle, evictedStatus } from "./lifecycle-plan.js";

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

describe("planLifecycle", () => {
  const heard = { n1: 10_000, n2: 6_000, n3: 1_000 } as Record<string, number>;
  const lastHeard = (n: string) => heard[n] ?? 0;

  it("marks a Ready node NotReady after grace x period without a heartbeat", () => {
    const plan = planLifecycle([node("n1", "True"), node("n2", "True")], [], lastHeard, 10_500, config);
    expect(plan.notReady.map((n) => n.metadata.name)).toEqual(["n2"]);
  });

  it("evicts the running pods of a node silent past the eviction timeout, not finished ones", () => {
    const pods = [pod("a", "n3"), pod("b", "n3", "Succeeded"), pod("c", "n1")];
    const plan = planLifecycle([node("n1", "True"), node("n3", "Unknown")], pods, lastHeard, 10_500, config);
    expect(plan.evict.map((p) => p.metadata.name)).toEqual(["a"]);
  });

  it("does not evict a NotReady node still within the eviction timeout", () => {
    const plan = planLifecycle([node("n2", "Unknown")], [pod("a", "n2")], lastHeard, 10_500, config);
    expect(plan.evict).toEqual([]);
  });

  it("an evicted pod is Failed with reason NodeLost", () => {
    expect(evictedStatus(pod("a", "n3"), new Date(0)).status).toMatchObject({ phase: "Failed", reason: "NodeLost" });
  });
});
