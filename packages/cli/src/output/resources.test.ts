import { describe, expect, it } from "vitest";
import type { Node, Pod } from "@skiff/api";
import { memoryString, nodeAllocation, percent, podResources } from "./resources.js";

function pod(name: string, containers: { requests?: Record<string, string>; limits?: Record<string, string> }[], extra: Partial<Pod["spec"]> & { phase?: "Running" | "Succeeded" | "Failed" } = {}): Pod {
  const { phase = "Running", ...spec } = extra;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: { nodeName: "n1", ...spec, containers: containers.map((resources, i) => ({ name: `c${i}`, image: "x", resources })) },
    status: { phase },
  };
}

const n1: Node = { apiVersion: "v1", kind: "Node", metadata: { name: "n1" }, status: { capacity: { cpu: "4", memory: "8Gi" }, allocatable: { cpu: "2", memory: "4Gi", pods: "10" } } };

describe("allocated resources", () => {
  it("sums requests over containers; a limit stands in for a missing request, as in the scheduler", () => {
    const r = podResources(pod("a", [{ requests: { cpu: "100m", memory: "64Mi" } }, { limits: { cpu: "500m", memory: "1Gi" } }]));
    expect(r.requests).toEqual({ cpu: 600, memory: 64 * 2 ** 20 + 2 ** 30 });
    expect(r.limits).toEqual({ cpu: 500, memory: 2 ** 30 });
  });

  it("counts the node's non-terminated pods against allocatable", () => {
    const pods = [
      pod("a", [{ requests: { cpu: "250m", memory: "128Mi" } }]),
      pod("b", [{ requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } }]),
      pod("done", [{ requests: { cpu: "1" } }], { phase: "Succeeded" }),
      pod("other", [{ requests: { cpu: "1" } }], { nodeName: "n2" }),
    ];
    const a = nodeAllocation(n1, pods);
    expect(a.pods.map((p) => p.metadata.name)).toEqual(["a", "b"]);
    expect(a.requests).toEqual({ cpu: 1250, memory: 128 * 2 ** 20 + 2 ** 30 });
    expect(a.limits).toEqual({ cpu: 2000, memory: 2 * 2 ** 30 });
    expect(a.allocatable).toEqual({ cpu: 2000, memory: 4 * 2 ** 30, pods: 10 });
    expect(percent(a.requests.cpu, a.allocatable.cpu)).toBe("62%");
  });

  it("falls back to capacity, then to 110 pods", () => {
    const bare: Node = { apiVersion: "v1", kind: "Node", metadata: { name: "n1" }, status: { capacity: { cpu: "4" } } };
    expect(nodeAllocation(bare, []).allocatable).toEqual({ cpu: 4000, memory: undefined, pods: 110 });
  });

  it("prints memory in its shortest exact form", () => {
    expect(memoryString(0)).toBe("0");
    expect(memoryString(256 * 2 ** 20)).toBe("256Mi");
    expect(memoryString(100_000_000)).toBe("100M");
    expect(memoryString(1234567)).toBe("1234567");
  });
});
