import { describe, expect, it } from "vitest";
import type { Node, Pod } from "@skiff/api";
import { nodeChanged, podFreedRoom, podNeedsScheduling } from "./cluster-events.js";
import { unschedulablePod } from "./binding.js";
import { makeNode, makePod } from "./test-fixtures.js";

const pending = makePod("p");
describe("podNeedsScheduling", () => {
  const cases: [string, Pod | undefined, Pod, boolean][] = [
    ["a new pending pod", undefined, pending, true],
    ["a new bound pod", undefined, makePod("p", { nodeName: "n" }), false],
    ["our own status write", pending, unschedulablePod(pending, { unschedulable: "m", record: { nodes: [] } }, new Date())!, false],
    ["a spec change", pending, makePod("p", { cpu: "1" }), true],
    ["a label change", pending, makePod("p", { labels: { a: "b" } }), true],
    ["a pod being deleted", pending, { ...pending, metadata: { ...pending.metadata, deletionTimestamp: "2026-01-01T00:00:00Z" } }, false],
    ["a finished pod", pending, makePod("p", { phase: "Failed" }), false],
  ];
  it.each(cases)("%s -> %s", (_n, old, pod, expected) => {
    expect(podNeedsScheduling(old, pod)).toBe(expected);
  });
});

describe("podFreedRoom", () => {
  const running = makePod("p", { nodeName: "n", phase: "Running" });
  const cases: [string, Pod, Pod | undefined, boolean][] = [
    ["a bound pod deleted", running, undefined, true],
    ["a bound pod finished", running, makePod("p", { nodeName: "n", phase: "Succeeded" }), true],
    ["a bound pod still running", running, makePod("p", { nodeName: "n", phase: "Running" }), false],
    ["a pending pod deleted", pending, undefined, false],
  ];
  it.each(cases)("%s -> %s", (_n, old, pod, expected) => {
    expect(podFreedRoom(old, pod)).toBe(expected);
  });
});

describe("nodeChanged", () => {
  const n = makeNode("n");
  const heartbeat: Node = { ...n, status: { ...n.status, conditions: [{ type: "Ready", status: "True", lastHeartbeatTime: "2026-01-01T00:00:05Z" }] } };
  const cases: [string, Node, boolean][] = [
    ["a heartbeat", heartbeat, false],
    ["became not ready", makeNode("n", { ready: false }), true],
    ["cordoned", makeNode("n", { unschedulable: true }), true],
    ["relabelled", makeNode("n", { labels: { disk: "ssd" } }), true],
    ["grew", makeNode("n", { cpu: "8" }), true],
  ];
  it.each(cases)("%s -> %s", (_n, node, expected) => {
    expect(nodeChanged(n, node)).toBe(expected);
  });
});
