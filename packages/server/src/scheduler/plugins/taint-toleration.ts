// TaintToleration, a filter and a score as in Kubernetes. A taint keeps pods away from a node:
// NoSchedule and NoExecute taints must be tolerated (filter); PreferNoSchedule ones only make the
// node less attractive (score: the fewer untolerated ones, the better).
import type { Taint } from "@skiff/api";
import { fit, unfit, type FilterPlugin, type ScorePlugin } from "../types.js";
import { podToleratesTaint } from "./tolerations.js";

export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`;
}

export const taintToleration: FilterPlugin & ScorePlugin = {
  name: "TaintToleration",
  // Kubernetes' default weight: avoiding a PreferNoSchedule node matters more than balance.
  weight: 3,
  filter(pod, node) {
    const taint = (node.node.spec?.taints ?? []).find(
      (t) => (t.effect === "NoSchedule" || t.effect === "NoExecute") && !podToleratesTaint(pod, t),
    );
    return taint ? unfit(untoleratedTaintReason(taint)) : fit;
  },
  score(pod, node) {
    const n = (node.node.spec?.taints ?? []).filter((t) => t.effect === "PreferNoSchedule" && !podToleratesTaint(pod, t)).length;
    // Kubernetes normalizes the count over all nodes; 100 / (1 + n) orders nodes the same way
    // and needs no second pass.
    return Math.floor(100 / (1 + n));
  },
};
