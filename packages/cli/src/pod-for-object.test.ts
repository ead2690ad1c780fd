import { describe, expect, it } from "vitest";
import type { ApiObject, Pod } from "@skiff/api";
import { podForLogs, podSelectorOf } from "./pod-for-object.js";

function pod(name: string, o: { node?: string; phase?: string; readySince?: string; restarts?: number; created?: string } = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", creationTimestamp: o.created ?? "2026-01-01T00:00:00Z" },
    spec: { containers: [{ name: "app", image: "x" }], ...(o.node ? { nodeName: o.node } : {}) },
    status: {
      phase: o.phase ?? "Pending",
      ...(o.readySince ? { conditions: [{ type: "Ready", status: "True", lastTransitionTime: o.readySince }] } : {}),
      ...(o.restarts !== undefined ? { containerStatuses: [{ name: "app", restartCount: o.restarts }] } : {}),
    },
  } as Pod;
}

describe("podForLogs: kubectl's ByLogging", () => {
  it.each([
    ["a pod on a node over one not yet on a node", [pod("unbound", { phase: "Running" }), pod("bound", { node: "n1" })], "bound"],
    ["Running over Pending", [pod("pending", { node: "n1" }), pod("running", { node: "n1", phase: "Running" })], "running"],
    ["ready over not ready", [pod("busy", { node: "n", phase: "Running" }), pod("ready", { node: "n", phase: "Running", readySince: "2026-01-01T00:01:00Z" })], "ready"],
    [
      "ready for longer",
      [pod("new", { node: "n", phase: "Running", readySince: "2026-01-01T00:05:00Z" }), pod("old", { node: "n", phase: "Running", readySince: "2026-01-01T00:01:00Z" })],
      "old",
    ],
    ["more restarts", [pod("calm", { node: "n", restarts: 0 }), pod("crashy", { node: "n", restarts: 4 })], "crashy"],
    ["older", [pod("young", { node: "n", created: "2026-01-02T00:00:00Z" }), pod("elder", { node: "n" })], "elder"],
  ])("prefers %s", (_what, pods, chosen) => {
    expect(podForLogs(pods)?.metadata.name).toBe(chosen);
  });

  it("finds none in none", () => {
    expect(podForLogs([])).toBeUndefined();
  });
});

describe("podSelectorOf", () => {
  it("reads a workload's LabelSelector and a Service's map", () => {
    expect(podSelectorOf({ kind: "Deployment", metadata: { name: "w" }, spec: { selector: { matchLabels: { app: "w" } } } } as ApiObject)).toBe("app=w");
    expect(podSelectorOf({ kind: "Service", metadata: { name: "s" }, spec: { selector: { app: "w", tier: "f" } } } as ApiObject)).toBe("app=w,tier=f");
    expect(() => podSelectorOf({ kind: "ConfigMap", metadata: { name: "c" } } as ApiObject)).toThrow("cannot attach to configmap/c: it has no pod selector");
  });
});
