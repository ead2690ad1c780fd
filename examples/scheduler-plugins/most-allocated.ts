// MostAllocated: a score plugin that packs pods onto as few nodes as possible (bin-packing, the
// "best fit" of the scheduling literature, and Kubernetes' NodeResourcesFit MostAllocated
// strategy). It prefers the node that will be the fullest once the pod is there:
//
//   per resource: requested (with this pod) x 100 / allocatable, then the mean of cpu and memory
//
// the mirror image of the built-in LeastAllocated. With it in place of LeastAllocated and
// SelectorSpread (most-allocated.yaml), a Deployment's replicas fill one node before the next,
// which leaves whole nodes free: for big pods later, or to switch off. Loaded by
// `skiff server --scheduler-config examples/scheduler-plugins/most-allocated.yaml` (README.md).
import { MAX_NODE_SCORE, addResources, podRequests, type ScorePlugin } from "@skiff/server";

/** How full one resource will be, 0..100; a node the pod would overflow scores 0 (a filter keeps it out anyway). */
export function usedShare(requested: number, allocatable: number): number {
  if (allocatable <= 0 || requested > allocatable) return 0;
  return Math.floor((requested * MAX_NODE_SCORE) / allocatable);
}

const mostAllocated: ScorePlugin = {
  name: "MostAllocated",
  weight: 1,
  score(pod, node) {
    // nonZeroRequested counts a container that requests nothing as 100m / 200Mi, as the built-in
    // scores do, so that pods without requests pack too.
    const after = addResources(node.nonZeroRequested, podRequests(pod, true));
    const cpu = usedShare(after.milliCpu, node.allocatable.milliCpu);
    const memory = usedShare(after.memory, node.allocatable.memory);
    return Math.floor((cpu + memory) / 2);
  },
};

// The server loads the module's default export: a plugin, or an array of plugins.
export default mostAllocated;
