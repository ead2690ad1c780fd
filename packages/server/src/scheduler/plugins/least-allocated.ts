// LeastAllocated: prefer the node with the most room left, which spreads load. Kubernetes'
// formula: per resource, (allocatable - requested) x 100 / allocatable, counting this pod, then
// the average over cpu and memory. Requests here use the non-zero defaults (100m, 200Mi) for
// containers that request nothing, so that such pods still spread.
import { podRequests } from "../resources.js";
import type { ScorePlugin } from "../types.js";

function resourceScore(requested: number, allocatable: number): number {
  if (allocatable <= 0 || requested > allocatable) return 0;
  return Math.floor(((allocatable - requested) * 100) / allocatable);
}

export const leastAllocated: ScorePlugin = {
  name: "LeastAllocated",
  weight: 1,
  score(pod, node) {
    const want = podRequests(pod, true);
    const cpu = resourceScore(node.nonZeroRequested.milliCpu + want.milliCpu, node.allocatable.milliCpu);
    const memory = resourceScore(node.nonZeroRequested.memory + want.memory, node.allocatable.memory);
    return Math.floor((cpu + memory) / 2);
  },
};
