// NodeSelector: every label in spec.nodeSelector is on the node with the same value.
import { fit, unfit, type FilterPlugin } from "../types.js";

export const SELECTOR_MISMATCH = "node(s) didn't match node selector";

export const nodeSelector: FilterPlugin = {
  name: "NodeSelector",
  filter(pod, node) {
    const selector = pod.spec.nodeSelector;
    if (!selector) return fit;
    const labels = node.node.metadata.labels ?? {};
    let ok = true;
    for (const key in selector) ok &&= labels[key] === selector[key];
    return ok ? fit : unfit(SELECTOR_MISMATCH);
  },
};
