// NodeSelector: every label in spec.nodeSelector is on the node with the same value.
import { fit, unfit, type FilterPlugin } from "../types.js";

export const SELECTOR_MISMATCH = "node(s) didn't match node selector";

export const nodeSelector: FilterPlugin = {
  name: "NodeSelector",
  filter(pod, node) {
    const labels = node.node.metadata.labels ?? {};
    const ok = Object.entries(pod.spec.nodeSelector ?? {}).every(([k, v]) => labels[k] === v);
    return ok ? fit : unfit(SELECTOR_MISMATCH);
  },
};
