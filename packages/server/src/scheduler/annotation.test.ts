import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_NODES, toAnnotation } from "./annotation.js";
import type { Decision, NodeVerdict } from "./types.js";

// The annotation as first written: sort every verdict, then keep the first MAX_NODES. The built
// one picks them without sorting all; both must say the same.
function straightforward(decision: Decision) {
  const plugins = decision.record.weights ?? [];
  const scores: [string, number, number[]][] = [];
  const filtered: [string, string][] = [];
  for (const v of [...decision.record.nodes].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0))) {
    if (v.filteredOut) filtered.push([v.node, `${v.filteredOut.plugin}: ${v.filteredOut.reasons.join("; ")}`]);
    else scores.push([v.node, v.total ?? 0, plugins.map(([name]) => v.scores?.[name] ?? 0)]);
  }
  scores.sort((a, b) => b[1] - a[1]);
  const keptScores = scores.slice(0, MAX_NODES);
  const keptFiltered = filtered.slice(0, MAX_NODES - keptScores.length);
  const omitted = scores.length + filtered.length - keptScores.length - keptFiltered.length;
  return { keptScores, keptFiltered, omitted };
}

const verdict = (i: number, total: number, filtered: boolean): NodeVerdict =>
  filtered ? { node: `n${String(i).padStart(3, "0")}`, filteredOut: { plugin: "NodeResourcesFit", reasons: ["Insufficient cpu"] } } : { node: `n${String(i).padStart(3, "0")}`, total, scores: { A: total % 101, B: 7 } };

describe("toAnnotation", () => {
  it("keeps the best scores (ties by name), then rejections by name, as sorting everything would", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), { maxLength: 60 }), fc.integer({ min: 0, max: 59 }), (nodes, rotate) => {
        // The walk starts anywhere: verdicts come in rotated name order.
        const verdicts = nodes.map(([total, out], i) => verdict(i, total * 10, out));
        const walked = [...verdicts.slice(rotate % (verdicts.length || 1)), ...verdicts.slice(0, rotate % (verdicts.length || 1))];
        const decision: Decision = { nodeName: "n000", record: { nodes: walked, weights: [["A", 1], ["B", 2]] } };
        const built = toAnnotation(decision);
        const expected = straightforward(decision);
        expect(built.scores).toEqual(expected.keptScores);
        expect(built.filtered).toEqual(expected.keptFiltered);
        expect(built.omitted ?? 0).toBe(expected.omitted);
      }),
    );
  });

  it("is built once per decision", () => {
    const decision: Decision = { nodeName: "n000", record: { nodes: [verdict(0, 10, false)], weights: [["A", 1]] } };
    expect(toAnnotation(decision)).toBe(toAnnotation(decision));
  });
});
