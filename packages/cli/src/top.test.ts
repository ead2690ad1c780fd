import { describe, expect, it } from "vitest";
import { METRICS_API_VERSION, toUsage, type Node, type NodeMetrics, type PodMetrics } from "@skiff/api";
import { topNodesRows, topPodsRows } from "./top.js";

const nodeMetrics = (name: string, cores: number, bytes: number): NodeMetrics => ({
  apiVersion: METRICS_API_VERSION,
  kind: "NodeMetrics",
  metadata: { name, creationTimestamp: "2026-01-01T00:00:00Z" },
  timestamp: "2026-01-01T00:00:00Z",
  window: "1s",
  usage: toUsage(cores * 1e9, bytes),
});
const node = (name: string, cpu: string, memory: string) => ({ apiVersion: "v1", kind: "Node", metadata: { name }, status: { allocatable: { cpu, memory, pods: "110" } } }) as unknown as Node;
const podMetrics = (name: string, containers: [string, number, number][]): PodMetrics => ({
  apiVersion: METRICS_API_VERSION,
  kind: "PodMetrics",
  metadata: { name, namespace: "default", creationTimestamp: "2026-01-01T00:00:00Z" },
  timestamp: "2026-01-01T00:00:00Z",
  window: "1s",
  containers: containers.map(([n, cores, bytes]) => ({ name: n, usage: toUsage(cores * 1e9, bytes) })),
});

describe("top nodes", () => {
  it("prints millicores and mebibytes with their share of allocatable, and <unknown> for a node without a sample", () => {
    expect(topNodesRows([nodeMetrics("n1", 0.5, 512 * 2 ** 20)], [node("n1", "2", "2Gi"), node("n2", "1", "1Gi")])).toEqual([
      ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"],
      ["n1", "500m", "25%", "512Mi", "25%"],
      ["n2", "<unknown>", "<unknown>", "<unknown>", "<unknown>"],
    ]);
  });
});

describe("top pods", () => {
  const pods = [podMetrics("busy", [["loop", 0.998, 300 * 1024]]), podMetrics("mem", [["hold", 0, 64 * 2 ** 20], ["side", 0.002, 2 ** 20]])];

  it("sums a pod's containers", () => {
    expect(topPodsRows(pods)).toEqual([
      ["NAME", "CPU(cores)", "MEMORY(bytes)"],
      ["busy", "998m", "0Mi"],
      ["mem", "2m", "65Mi"],
    ]);
  });

  it("lists containers and namespaces when asked", () => {
    expect(topPodsRows(pods, { withNamespace: true, containers: true })).toEqual([
      ["NAMESPACE", "POD", "NAME", "CPU(cores)", "MEMORY(bytes)"],
      ["default", "busy", "loop", "998m", "0Mi"],
      ["default", "mem", "hold", "0m", "64Mi"],
      ["default", "mem", "side", "2m", "1Mi"],
    ]);
  });
});
