// The node table: kubectl's columns (STATUS and ROLES by @skiff/api's rules), and what the scheduler has placed on each node.
import { describe, expect, it } from "vitest";
import type { Node, NodeCondition, Pod } from "@skiff/api";
import { tableHeaders, tableRow } from "./index.js";
import { ObjectPrinter } from "../print.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");

function node(name: string, extra: { ready?: NodeCondition["status"]; cordoned?: boolean; labels?: Record<string, string>; capacity?: boolean } = {}): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, creationTimestamp: "2024-05-01T11:00:00Z", labels: extra.labels ?? {} },
    spec: extra.cordoned ? { unschedulable: true } : {},
    status: {
      ...(extra.capacity === false ? {} : { capacity: { cpu: "2", memory: "4Gi", pods: "110" }, allocatable: { cpu: "2", memory: "4Gi", pods: "110" } }),
      conditions: extra.ready ? [{ type: "Ready", status: extra.ready }] : [],
      addresses: [{ type: "InternalIP", address: "10.0.0.1" }, { type: "Hostname", address: name }],
      nodeInfo: { kubeletVersion: "skiff-agent/0.1.0", containerRuntimeVersion: "docker://27.3.1", operatingSystem: "linux", architecture: "amd64" },
    },
  };
}

function pod(name: string, nodeName: string | undefined, requests: { cpu?: string; memory?: string }, phase: Pod["status"] extends infer S ? (S extends { phase?: infer P } ? P : never) : never = "Running"): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: "c", image: "nginx", resources: { requests } }] },
    status: { phase },
  };
}

describe("node columns", () => {
  const pods = [
    pod("a", "n1", { cpu: "250m", memory: "128Mi" }),
    pod("b", "n1", { cpu: "250m", memory: "128Mi" }),
    pod("done", "n1", { cpu: "1", memory: "1Gi" }, "Succeeded"),
    pod("failed", "n1", { cpu: "1" }, "Failed"),
    pod("elsewhere", "n2", { cpu: "1" }),
    pod("pending", undefined, { cpu: "1" }, "Pending"),
    pod("none", "n1", {}),
  ];

  it("shows kubectl's columns, then CPU, MEMORY and PODS placed over what the node allows", () => {
    expect(tableHeaders("Node", {})).toEqual(["NAME", "STATUS", "ROLES", "AGE", "VERSION", "CPU", "MEMORY", "PODS"]);
    // Finished pods hold nothing; pods elsewhere or unscheduled do not count.
    expect(tableRow(node("n1", { ready: "True" }), { now: NOW, related: { pods } })).toEqual([
      "n1", "Ready", "<none>", "60m", "skiff-agent/0.1.0", "500m/2", "256Mi/4Gi", "3/110",
    ]);
    expect(tableRow(node("n3", { ready: "True" }), { now: NOW, related: { pods } }).slice(5)).toEqual(["0/2", "0/4Gi", "0/110"]);
  });

  it("marks what a node does not report", () => {
    expect(tableRow(node("n1", { capacity: false }), { now: NOW, related: { pods } }).slice(5)).toEqual(["500m/?", "256Mi/?", "3/110"]);
  });

  it("adds INTERNAL-IP and CONTAINER-RUNTIME with -o wide", () => {
    expect(tableHeaders("Node", { wide: true }).slice(-2)).toEqual(["INTERNAL-IP", "CONTAINER-RUNTIME"]);
    expect(tableRow(node("n1", { ready: "True" }), { wide: true, now: NOW, related: { pods } }).slice(-2)).toEqual(["10.0.0.1", "docker://27.3.1"]);
  });

  it("prints an aligned table", () => {
    const text = new ObjectPrinter({ now: () => NOW }).print([node("n1", { ready: "True" }), node("n2", { ready: "Unknown", cordoned: true })], { pods });
    expect(text).toBe(
      "NAME   STATUS                        ROLES    AGE   VERSION             CPU      MEMORY      PODS\n" +
        "n1     Ready                         <none>   60m   skiff-agent/0.1.0   500m/2   256Mi/4Gi   3/110\n" +
        "n2     NotReady,SchedulingDisabled   <none>   60m   skiff-agent/0.1.0   1/2      0/4Gi       1/110\n",
    );
  });
});
