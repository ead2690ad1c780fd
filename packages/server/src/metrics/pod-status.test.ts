import { describe, expect, it } from "vitest";
import type { Pod, PodStatus } from "@skiff/api";
import { podStatusFacts } from "./pod-status.js";

const NOW = new Date("2026-01-01T00:00:10Z");
const pod = (status: PodStatus | undefined): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace: "default", creationTimestamp: "2026-01-01T00:00:00Z" },
  spec: { containers: [{ name: "app", image: "img" }] },
  ...(status ? { status } : {}),
});
const restarts = (n: number): PodStatus["containerStatuses"] => [{ name: "app", ready: true, restartCount: n, image: "img", imageID: "", state: { running: { startedAt: "x" } } }];

describe("podStatusFacts", () => {
  it("times a pod's start once: Pending to Running, from its creation", () => {
    expect(podStatusFacts(pod({ phase: "Pending" }), pod({ phase: "Running" }), NOW)).toEqual({ startedAfterSeconds: 10, restarts: 0 });
    expect(podStatusFacts(pod(undefined), pod({ phase: "Running" }), NOW).startedAfterSeconds).toBe(10);
    expect(podStatusFacts(pod({ phase: "Running" }), pod({ phase: "Running" }), NOW).startedAfterSeconds).toBeUndefined();
    expect(podStatusFacts(pod({ phase: "Running" }), pod({ phase: "Succeeded" }), NOW).startedAfterSeconds).toBeUndefined();
  });

  it("counts a pod that ran and finished between two reports, not one that failed before running", () => {
    expect(podStatusFacts(pod({ phase: "Pending" }), pod({ phase: "Succeeded" }), NOW).startedAfterSeconds).toBe(10);
    expect(podStatusFacts(pod({ phase: "Pending" }), pod({ phase: "Failed" }), NOW).startedAfterSeconds).toBeUndefined();
  });

  it("counts the restarts a report adds", () => {
    expect(podStatusFacts(pod({ phase: "Running", containerStatuses: restarts(1) }), pod({ phase: "Running", containerStatuses: restarts(3) }), NOW).restarts).toBe(2);
    expect(podStatusFacts(pod({ phase: "Running", containerStatuses: restarts(3) }), pod({ phase: "Running", containerStatuses: restarts(3) }), NOW).restarts).toBe(0);
  });
});
