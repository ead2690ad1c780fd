// The example plugin: its score, and what it does to placements next to the default scores.
import { describe, expect, it } from "vitest";
import type { Node, Pod } from "@skiff/api";
import { builtInPlugins, isFilterPlugin, nodeInfo, schedule, withPod, type NodeInfo, type Plugin } from "@skiff/server";
import mostAllocated, { usedShare } from "./most-allocated.js";

const node = (name: string, cpu = "4", memory = "8Gi"): Node => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name },
  status: { allocatable: { cpu, memory, pods: "110" }, conditions: [{ type: "Ready", status: "True" }] },
});
const pod = (name: string, cpu: string, memory: string): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", uid: `uid-${name}`, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "rs", controller: true }] },
  spec: { containers: [{ name: "main", image: "x", resources: { requests: { cpu, memory } } }] },
  status: { phase: "Pending" },
});

/** Schedule `count` pods one after the other, each counted on its node before the next: where each went. */
function place(count: number, plugins: Plugin[]): string[] {
  let nodes: NodeInfo[] = ["n1", "n2", "n3"].map((n) => nodeInfo(node(n)));
  const placed: string[] = [];
  for (let i = 0; i < count; i++) {
    const p = pod(`p${i}`, "500m", "512Mi");
    const d = schedule(p, nodes, plugins);
    if (!("nodeName" in d)) throw new Error(d.unschedulable);
    placed.push(d.nodeName);
    nodes = nodes.map((n) => (n.name === d.nodeName ? withPod(n, { ...p, spec: { ...p.spec, nodeName: d.nodeName } }) : n));
  }
  return placed;
}

describe("MostAllocated (examples/scheduler-plugins)", () => {
  it.each([
    [0, 4000, 0],
    [1000, 4000, 25],
    [4000, 4000, 100],
    [4001, 4000, 0], // would overflow: the fit filter keeps the pod out; the score says worst
    [1, 0, 0], // a node that offers none of it
  ])("usedShare(%i, %i) = %i", (requested, allocatable, expected) => {
    expect(usedShare(requested, allocatable)).toBe(expected);
  });

  it("scores the fuller node higher: the mean of cpu and memory shares once the pod is there", () => {
    const p = pod("new", "1", "2Gi");
    const empty = nodeInfo(node("a"));
    const half = withPod(empty, pod("old", "1", "2Gi"));
    expect(mostAllocated.score(p, empty)).toBe(25); // 1/4 cpu, 2/8 Gi
    expect(mostAllocated.score(p, half)).toBe(50); // 2/4 cpu, 4/8 Gi
  });

  it("packs 6 pods onto one node of 3, where the default scores spread them 2 a node", () => {
    const filters = builtInPlugins().filter(isFilterPlugin);
    expect(place(6, [...filters, mostAllocated])).toEqual(["n1", "n1", "n1", "n1", "n1", "n1"]);
    const spread = place(6, builtInPlugins());
    expect(["n1", "n2", "n3"].map((n) => spread.filter((x) => x === n).length)).toEqual([2, 2, 2]);
  });

  it("goes on to the next node when the first is full", () => {
    const filters = builtInPlugins().filter(isFilterPlugin);
    // 500m each on 4 cpu: 8 fit on n1, the 9th and 10th go to n2.
    expect(place(10, [...filters, mostAllocated]).slice(7)).toEqual(["n1", "n2", "n2"]);
  });
});
