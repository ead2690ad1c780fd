// A node's STATUS, ROLES and addresses, by kubectl's rules.
import { describe, expect, it } from "vitest";
import type { Node, NodeCondition } from "../types.js";
import { nodeAddress, nodeRoles, nodeStatus } from "./node.js";

function node(name: string, extra: { ready?: NodeCondition["status"]; cordoned?: boolean; labels?: Record<string, string> } = {}): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: extra.labels ?? {} },
    spec: extra.cordoned ? { unschedulable: true } : {},
    status: {
      conditions: extra.ready ? [{ type: "Ready", status: extra.ready }] : [],
      addresses: [{ type: "InternalIP", address: "10.0.0.1" }, { type: "Hostname", address: name }],
    },
  };
}

describe("node STATUS and ROLES", () => {
  it.each([
    ["True", false, "Ready"],
    ["False", false, "NotReady"],
    ["Unknown", false, "NotReady"],
    [undefined, false, "Unknown"],
    ["True", true, "Ready,SchedulingDisabled"],
    ["Unknown", true, "NotReady,SchedulingDisabled"],
  ] as const)("Ready=%s, cordoned=%s: %s", (ready, cordoned, expected) => {
    expect(nodeStatus(node("n1", { ready, cordoned }))).toBe(expected);
  });

  it("takes roles from node-role.kubernetes.io/* labels", () => {
    expect(nodeRoles(node("n1"))).toBe("<none>");
    expect(nodeRoles(node("n1", { labels: { "node-role.kubernetes.io/worker": "", "node-role.kubernetes.io/edge": "", zone: "a" } }))).toBe("edge,worker");
  });

  it("also reads a kubernetes.io/role label, once per role", () => {
    expect(nodeRoles(node("n1", { labels: { "kubernetes.io/role": "worker", "node-role.kubernetes.io/worker": "" } }))).toBe("worker");
    expect(nodeRoles(node("n1", { labels: { "node-role.kubernetes.io/": "", "kubernetes.io/role": "" } }))).toBe("<none>");
  });

  it("finds an address by type", () => {
    expect(nodeAddress(node("n1"), "InternalIP")).toBe("10.0.0.1");
    expect(nodeAddress(node("n1"), "ExternalIP")).toBe("<none>");
  });
});
