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
    const pods = requested.pods + 1 > allocatable.pods;
    const cpu = want.milliCpu > 0 && want.milliCpu > allocatable.milliCpu - requested.milliCpu;
    const memory = want.memory > 0 && want.memory > allocatable.memory - requested.memory;
    if (!pods && !cpu && !memory) return fit;
    // Every shortage is reported, so the message can say "2 Insufficient cpu, 2 Insufficient memory".
    return unfit(...(pods ? [TOO_MANY_PODS] : []), ...(cpu ? [INSUFFICIENT_CPU] : []), ...(memory ? [INSUFFICIENT_MEMORY] : []));
  },
};
