// DaemonSets, in the order kubectl's DaemonSetDescriber prints them: selector, node selector, the
// node counts of the status, the pod template.
import { formatLabelSelector, labelString, type ApiObject, type DaemonSet } from "@skiff/api";
import { describeTemplate } from "./workloads.js";
import type { DescribeWriter } from "./writer.js";

export function describeDaemonSet(obj: ApiObject, w: DescribeWriter): void {
  const ds = obj as DaemonSet;
  const st = ds.status;
  w.field("Selector", formatLabelSelector(ds.spec?.selector));
  w.field("Node-Selector", labelString(ds.spec?.template?.spec?.nodeSelector));
  const strategy = ds.spec?.updateStrategy;
  const rolling = strategy?.rollingUpdate;
  w.field("Update Strategy", strategy?.type === "OnDelete" ? "OnDelete" : `RollingUpdate (max unavailable ${rolling?.maxUnavailable ?? 1}, max surge ${rolling?.maxSurge ?? 0})`);
  w.field("Desired Number of Nodes Scheduled", st?.desiredNumberScheduled ?? 0);
  w.field("Current Number of Nodes Scheduled", st?.currentNumberScheduled ?? 0);
  w.field("Number of Nodes Scheduled with Up-to-date Pods", st?.updatedNumberScheduled ?? 0);
  w.field("Number of Nodes Scheduled with Available Pods", st?.numberAvailable ?? 0);
  w.field("Number of Nodes Misscheduled", st?.numberMisscheduled ?? 0);
  w.field("Pods Status", `${st?.numberReady ?? 0} Ready / ${st?.numberUnavailable ?? 0} Unavailable`);
  describeTemplate(ds.spec?.template, w);
}
