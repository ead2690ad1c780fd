// schedule(): the whole pipeline on small clusters, as tables of (pod, cluster) -> decision.
import { describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { nodeInfo, withPod } from "./node-info.js";
import { defaultPlugins } from "./plugins/index.js";
import { schedule } from "./schedule.js";
import { info, makeNode, makePod } from "./test-fixtures.js";
import type { NodeInfo, ScorePlugin } from "./types.js";

const plugins = defaultPlugins();
const result = (pod: Pod, nodes: NodeInfo[]) => {
  const d = schedule(pod, nodes, plugins);
  return "nodeName" in d ? d.nodeName : d.unschedulable;
};

describe("schedule", () => {
  const cases: { name: string; pod: Pod; nodes: NodeInfo[]; expected: string }[] = [
    {
      name: "picks the node with the most room",
      pod: makePod("p", { cpu: "1" }),
      nodes: [info(makeNode("a"), makePod("x", { cpu: "2" })), info(makeNode("b"))],
      expected: "b",
    },
    {
      name: "ties go to the first node by name, whatever the input order",
      pod: makePod("p"),
      nodes: [info(makeNode("c")), info(makeNode("a")), info(makeNode("b"))],
      expected: "a",
    },
    {
      name: "none fits: counts per reason, sorted by reason",
      pod: makePod("p", { cpu: "8", nodeSelector: { disk: "ssd" } }),
      nodes: [info(makeNode("a", { labels: { disk: "ssd" } })), info(makeNode("b", { labels: { disk: "ssd" } })), info(makeNode("c"))],
      expected: "0/3 nodes are available: 2 Insufficient cpu, 1 node(s) didn't match node selector.",
    },
    {
      name: "a node short of both counts for both",
      pod: makePod("p", { cpu: "8", memory: "64Gi" }),
      nodes: [info(makeNode("a")), info(makeNode("b", { ready: false }))],
      expected: "0/2 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 node(s) were not ready.",
    },
    { name: "no nodes at all", pod: makePod("p"), nodes: [], expected: "0/0 nodes are available: no nodes available to schedule pods." },
    {
      name: "nodeSelector picks the labelled node even when it is busier",
      pod: makePod("p", { nodeSelector: { disk: "ssd" } }),
      nodes: [info(makeNode("a")), info(makeNode("b", { labels: { disk: "ssd" } }), makePod("x", { cpu: "3" }))],
      expected: "b",
    },
    {
      name: "a NoSchedule taint is avoided",
      pod: makePod("p"),
      nodes: [info(makeNode("a", { taints: [{ key: "gpu", effect: "NoSchedule" }] })), info(makeNode("b"), makePod("x", { cpu: "3" }))],
      expected: "b",
    },
    {
      name: "a PreferNoSchedule taint loses to a busier untainted node",
      pod: makePod("p"),
      nodes: [info(makeNode("a", { taints: [{ key: "old", effect: "PreferNoSchedule" }] })), info(makeNode("b"), makePod("x", { cpu: "2" }))],
      expected: "b",
    },
    {
      name: "a used host port sends the pod elsewhere",
      pod: makePod("p", { ports: [{ containerPort: 80, hostPort: 8080 }] }),
      nodes: [info(makeNode("a"), makePod("x", { ports: [{ containerPort: 80, hostPort: 8080 }] })), info(makeNode("b"), makePod("y", { cpu: "3" }))],
      expected: "b",
    },
    {
      name: "the only port taken everywhere",
      pod: makePod("p", { ports: [{ containerPort: 80, hostPort: 8080 }] }),
      nodes: [info(makeNode("a"), makePod("x", { ports: [{ containerPort: 80, hostPort: 8080 }] }))],
      expected: "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports.",
    },
  ];
  it.each(cases)("$name", ({ pod, nodes, expected }) => {
    expect(result(pod, nodes)).toBe(expected);
  });

  it("spreads 3 replicas of one owner over 3 nodes", () => {
    let nodes = ["a", "b", "c"].map((n) => nodeInfo(makeNode(n)));
    const placed: string[] = [];
    for (const name of ["r1", "r2", "r3"]) {
      const pod = makePod(name, { owner: "rs-1", cpu: "100m" });
      const d = schedule(pod, nodes, plugins);
      if (!("nodeName" in d)) throw new Error(d.unschedulable);
      placed.push(d.nodeName);
      nodes = nodes.map((n) => (n.name === d.nodeName ? withPod(n, { ...pod, spec: { ...pod.spec, nodeName: d.nodeName } }) : n));
    }
    expect(placed.sort()).toEqual(["a", "b", "c"]);
  });

  it("records every node: who filtered it and why, or its scores and total", () => {
    const d = schedule(makePod("p", { cpu: "2" }), [info(makeNode("a", { cpu: "1" })), info(makeNode("b"))], plugins);
    expect(d).toMatchObject({ nodeName: "b" });
    expect(d.record.nodes).toEqual([
      { node: "a", filteredOut: { plugin: "NodeResourcesFit", reasons: ["Insufficient cpu"] } },
      {
        node: "b",
        scores: { LeastAllocated: expect.any(Number), SelectorSpread: 100, TaintToleration: 100 },
        total: expect.any(Number),
      },
    ]);
    const b = d.record.nodes[1]!;
    expect(b.total).toBe(b.scores!.LeastAllocated! * 1 + 100 * 2 + 100 * 3);
  });

  it("runs a user's plugin, and clamps what it returns to 0..100", () => {
    const preferB: ScorePlugin = { name: "PreferB", weight: 10, score: (_p, n) => (n.name === "b" ? 1e9 : Number.NaN) };
    const d = schedule(makePod("p"), [info(makeNode("a")), info(makeNode("b"), makePod("x", { cpu: "3" }))], [...plugins, preferB]);
    expect(d).toMatchObject({ nodeName: "b" });
    expect(d.record.nodes.map((n) => n.scores?.PreferB)).toEqual([0, 100]);
  });
});
