import { describe, expect, it } from "vitest";
import { MAX_NODES, parseSchedulingAnnotation, toAnnotation } from "./annotation.js";
import { explain } from "./explain.js";
import type { Decision } from "./types.js";

const decision: Decision = {
  nodeName: "n2",
  record: {
    nodes: [
      { node: "n1", scores: { LeastAllocated: 40 }, total: 240 },
      { node: "n2", scores: { LeastAllocated: 90 }, total: 310 },
      { node: "n3", filteredOut: { plugin: "NodeResourcesFit", reasons: ["Insufficient cpu", "Insufficient memory"] } },
    ],
  },
};

describe("the annotation", () => {
  it("keeps the chosen node, totals best first, and the reasons", () => {
    expect(toAnnotation(decision)).toEqual({
      node: "n2",
      scores: [["n2", 310], ["n1", 240]],
      filtered: [["n3", "NodeResourcesFit: Insufficient cpu; Insufficient memory"]],
    });
  });

  it("stays short on a big cluster", () => {
    const nodes = Array.from({ length: 50 }, (_, i) => ({ node: `n${i}`, scores: {}, total: i }));
    const a = toAnnotation({ nodeName: "n49", record: { nodes } });
    expect(a.scores).toHaveLength(MAX_NODES);
    expect(a.scores[0]).toEqual(["n49", 49]);
    expect(a.omitted).toBe(30);
  });

  it("reads back what it wrote, and nothing else", () => {
    expect(parseSchedulingAnnotation(JSON.stringify(toAnnotation(decision)))).toEqual(toAnnotation(decision));
    expect(parseSchedulingAnnotation("not json")).toBeUndefined();
    expect(parseSchedulingAnnotation('{"node":"x"}')).toBeUndefined();
    expect(parseSchedulingAnnotation(undefined)).toBeUndefined();
  });
});

describe("explain", () => {
  it("a scheduled pod", () => {
    expect(explain(decision)).toEqual([
      "Scheduled to n2: 2 of 3 nodes fit.",
      "  n2  score 310",
      "  n1  score 240",
      "  n3  filtered out by NodeResourcesFit: Insufficient cpu; Insufficient memory",
    ]);
  });

  it("an unschedulable pod, from its annotation", () => {
    const a = toAnnotation({ unschedulable: "0/1 nodes are available: 1 node(s) were not ready.", record: { nodes: [{ node: "n1", filteredOut: { plugin: "NodeReady", reasons: ["node(s) were not ready"] } }] } });
    expect(explain(a)).toEqual(["Not scheduled: 0 of 1 node fit.", "  n1  filtered out by NodeReady: node(s) were not ready"]);
  });

  it("no nodes", () => {
    expect(explain({ unschedulable: "0/0 nodes are available", record: { nodes: [] } })).toEqual(["Not scheduled: no nodes."]);
  });
});

describe("the annotation keeps every plugin's score", () => {
  it("so each stored total is the sum of weight x score, for every node scored", async () => {
    const { schedule } = await import("./schedule.js");
    const { defaultPlugins } = await import("./plugins/index.js");
    const { info, makeNode, makePod } = await import("./test-fixtures.js");
    const nodes = [info(makeNode("a"), makePod("x", { cpu: "2" })), info(makeNode("b", { cpu: "8" })), info(makeNode("c", { ready: false }))];
    const a = parseSchedulingAnnotation(JSON.stringify(toAnnotation(schedule(makePod("p", { cpu: "1" }), nodes, defaultPlugins()))))!;
    expect(a.plugins?.length).toBeGreaterThan(0);
    expect(a.scores.map(([n]) => n).sort()).toEqual(["a", "b"]);
    for (const [, total, each] of a.scores) {
      expect(each).toHaveLength(a.plugins!.length);
      expect(a.plugins!.reduce((sum, [, weight], i) => sum + weight * each![i]!, 0)).toBe(total);
    }
    expect(a.filtered.map(([n]) => n)).toEqual(["c"]);
  });
});
