// NodeUnschedulable: a cordoned node (spec.unschedulable) takes no new pods, except pods that
// tolerate the node.kubernetes.io/unschedulable:NoSchedule taint, as in Kubernetes (DaemonSet pods do).
import type { Taint } from "@skiff/api";
import { fit, unfit, type FilterPlugin } from "../types.js";
import { podToleratesTaint } from "./tolerations.js";

export const UNSCHEDULABLE = "node(s) were unschedulable";
export const UNSCHEDULABLE_TAINT: Taint = { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" };

export const nodeUnschedulable: FilterPlugin = {
  name: "NodeUnschedulable",
  filter(pod, node) {
    if (!node.node.spec?.unschedulable || podToleratesTaint(pod, UNSCHEDULABLE_TAINT)) return fit;
    return unfit(UNSCHEDULABLE);
  },
};
