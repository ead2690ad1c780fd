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

describe("schedule on a large cluster (Kubernetes' percentageOfNodesToScore)", () => {
  const cluster = (n: number, ready = (_i: number) => true) =>
    Array.from({ length: n }, (_, i) => info(makeNode(`n${String(i).padStart(4, "0")}`, { ready: ready(i) })));

  it("looks for 100 fitting nodes at least, 50% less 1% per 125 nodes, never under 5%", async () => {
    const { nodesToFind } = await import("./schedule.js");
    expect([10, 99, 100, 200, 1_000, 5_000, 10_000].map((n) => nodesToFind(n))).toEqual([10, 99, 100, 100, 420, 500, 500]);
    expect(nodesToFind(1_000, 20)).toBe(200);
    expect(nodesToFind(1_000, 100)).toBe(1_000);
    expect(nodesToFind(300, 10)).toBe(100);
  });

  it("stops once enough fit, starting where it is told, wrapping around, and says how many it did not look at", () => {
    const nodes = cluster(1_000);
    const d = schedule(makePod("p"), nodes, plugins, { start: 900 });
    expect(d.record.nodes).toHaveLength(420);
    expect(d.record.nodes[0]?.node).toBe("n0900");
    expect(d.record.nodes.at(-1)?.node).toBe("n0319");
    expect(d.record.unvisited).toBe(580);
    // All equal: the tie goes to the first by name among those looked at.
    expect("nodeName" in d && d.nodeName).toBe("n0000");
  });

  it("walks past nodes that do not fit until it has found enough that do", () => {
    const d = schedule(makePod("p"), cluster(1_000, (i) => i % 2 === 0), plugins);
    expect(d.record.nodes.filter((v) => !v.filteredOut)).toHaveLength(420);
    expect(d.record.nodes).toHaveLength(839);
  });

  it("looks at every node when fewer than enough fit, and names them all when none does", () => {
    const d = schedule(makePod("p"), cluster(1_000, (i) => i < 10), plugins, { start: 500 });
    expect(d.record.nodes).toHaveLength(1_000);
    expect(d.record.unvisited).toBeUndefined();
    const none = schedule(makePod("p"), cluster(1_000, () => false), plugins);
    expect("unschedulable" in none && none.unschedulable).toBe("0/1000 nodes are available: 1000 node(s) were not ready.");
  });

  it("looks at every node of a small cluster wherever it starts, so the same cluster gives the same answer", () => {
    const nodes = cluster(99);
    const picks = [0, 17, 98].map((start) => schedule(makePod("p"), nodes, plugins, { start }));
    expect(picks.map((d) => d.record.nodes.length)).toEqual([99, 99, 99]);
    expect(picks.map((d) => "nodeName" in d && d.nodeName)).toEqual(["n0000", "n0000", "n0000"]);
  });
});
