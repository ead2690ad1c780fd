// Each built-in score, as a table of (pod, node) -> 0..100.
import { describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { info, makeNode, makePod } from "../test-fixtures.js";
import type { NodeInfo, ScorePlugin } from "../types.js";
import { leastAllocated } from "./least-allocated.js";
import { selectorSpread } from "./selector-spread.js";
import { taintToleration } from "./taint-toleration.js";

function table(plugin: ScorePlugin, cases: { name: string; pod: Pod; node: NodeInfo; score: number }[]) {
  describe(plugin.name, () => {
    it.each(cases)("$name -> $score", ({ pod, node, score }) => {
      expect(plugin.score(pod, node)).toBe(score);
    });
  });
}

const n = makeNode("n", { cpu: "1", memory: "1Gi" });
table(leastAllocated, [
  // (1000 - 250) * 100 / 1000 = 75 for cpu; (1024 - 512) * 100 / 1024 = 50 for memory; mean 62.
  { name: "per resource, averaged, counting this pod", pod: makePod("p", { cpu: "250m", memory: "512Mi" }), node: info(n), score: 62 },
  { name: "pods already placed count", pod: makePod("p", { cpu: "250m", memory: "256Mi" }), node: info(n, makePod("q", { cpu: "250m", memory: "256Mi" })), score: 50 },
  // No requests: 100m and 200Mi for scoring -> cpu 90, memory (1024-200)*100/1024 = 80 -> 85.
  { name: "no requests score as 100m / 200Mi", pod: makePod("p"), node: info(n), score: 85 },
  { name: "over the top scores 0 for that resource", pod: makePod("p", { cpu: "2", memory: "512Mi" }), node: info(n), score: 25 },
  { name: "a node with nothing to give scores 0", pod: makePod("p"), node: info(makeNode("z", { cpu: "0", memory: "0" })), score: 0 },
]);

const rs = (name: string, node = "n") => makePod(name, { owner: "rs-1", nodeName: node });
table(selectorSpread, [
  { name: "no sibling on the node", pod: rs("p"), node: info(n, makePod("other", { owner: "rs-2" })), score: 100 },
  { name: "one sibling halves it", pod: rs("p"), node: info(n, rs("a")), score: 50 },
  { name: "two siblings", pod: rs("p"), node: info(n, rs("a"), rs("b")), score: 33 },
  { name: "a bare pod is not spread", pod: makePod("p"), node: info(n, makePod("a"), makePod("b")), score: 100 },
]);

const prefer = (key: string) => ({ key, effect: "PreferNoSchedule" as const });
table(taintToleration, [
  { name: "no PreferNoSchedule taint", pod: makePod("p"), node: info(makeNode("n")), score: 100 },
  { name: "one untolerated", pod: makePod("p"), node: info(makeNode("n", { taints: [prefer("a")] })), score: 50 },
  { name: "two untolerated", pod: makePod("p"), node: info(makeNode("n", { taints: [prefer("a"), prefer("b")] })), score: 33 },
  { name: "a tolerated one does not count", pod: makePod("p", { tolerations: [{ key: "a", operator: "Exists" }] }), node: info(makeNode("n", { taints: [prefer("a")] })), score: 100 },
]);
