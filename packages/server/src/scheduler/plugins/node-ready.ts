// NodeReady: only nodes whose agent reports Ready. (Kubernetes does this with the
// node.kubernetes.io/not-ready taint that its node controller adds; skiff checks the condition.)
import { isNodeReady } from "../node-info.js";
import { fit, unfit, type FilterPlugin } from "../types.js";

export const NOT_READY = "node(s) were not ready";

export const nodeReady: FilterPlugin = {
  name: "NodeReady",
  filter: (_pod, node) => (isNodeReady(node.node) ? fit : unfit(NOT_READY)),
};
