// NodeResourcesFit: the pod's requests fit in what the node has left (allocatable minus the
// requests of the pods already there), and the node has room for one more pod. As in Kubernetes,
// requests count, not actual use, and a pod that requests nothing only needs a pod slot.
import { podRequests } from "../resources.js";
import { fit, unfit, type FilterPlugin } from "../types.js";

export const TOO_MANY_PODS = "Too many pods";
export const INSUFFICIENT_CPU = "Insufficient cpu";
export const INSUFFICIENT_MEMORY = "Insufficient memory";

export const nodeResourcesFit: FilterPlugin = {
  name: "NodeResourcesFit",
  filter(pod, { allocatable, requested }) {
    const want = podRequests(pod);
    // Every shortage is reported, so the message can say "2 Insufficient cpu, 2 Insufficient memory".
    const reasons: string[] = [];
    if (requested.pods + 1 > allocatable.pods) reasons.push(TOO_MANY_PODS);
    if (want.milliCpu > 0 && want.milliCpu > allocatable.milliCpu - requested.milliCpu) reasons.push(INSUFFICIENT_CPU);
    if (want.memory > 0 && want.memory > allocatable.memory - requested.memory) reasons.push(INSUFFICIENT_MEMORY);
    return reasons.length ? unfit(...reasons) : fit;
  },
};
