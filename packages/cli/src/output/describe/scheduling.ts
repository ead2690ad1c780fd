// The `Scheduling:` section of `describe pod`, from the decision the scheduler stores with the pod
// in the annotation `skiff.dev/scheduling` (its format: @skiff/api well-known/scheduling.ts), and,
// for a pod no node fits, the message of its PodScheduled=False condition.
import { SCHEDULING_ANNOTATION, parseSchedulingAnnotation, type Pod, type SchedulingAnnotation } from "@skiff/api";
import { formatTable } from "../table.js";
import type { DescribeWriter } from "./writer.js";

/** Indented rows for a DescribeWriter section: a space-aligned table, one text line per row. */
function rows(w: DescribeWriter, table: string[][]): void {
  for (const line of formatTable(undefined, table).trimEnd().split("\n")) w.text(line);
}

export function describeScheduling(pod: Pod, w: DescribeWriter): void {
  const decision = parseSchedulingAnnotation(pod.metadata.annotations?.[SCHEDULING_ANNOTATION]);
  const unschedulable = pod.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
  if (!decision && !unschedulable) return;
  w.section("Scheduling", (s) => {
    const node = decision?.node ?? pod.spec?.nodeName;
    s.field("Node", node ?? (unschedulable ? `<none> (${unschedulable.reason || "Unschedulable"})` : undefined));
    if (!node && unschedulable?.message) s.field("Message", unschedulable.message);
    if (decision?.scores.length) s.section("Scores", (t) => rows(t, scoreTable(decision)));
    if (decision?.filtered.length) s.section("Filtered out", (t) => rows(t, decision.filtered.map(([n, why]) => [n, why])));
    if (decision?.omitted) s.text(`(${decision.omitted} more node${decision.omitted === 1 ? "" : "s"} not shown)`);
    if (decision?.unvisited) s.text(`(${decision.unvisited} more node${decision.unvisited === 1 ? "" : "s"} not looked at: enough fit before them, as Kubernetes' percentageOfNodesToScore)`);
  });
}

/**
 * NODE, one column per score plugin (its weight when not 1), TOTAL: enough to rebuild each total
 * (the sum of weight x score). A decision kept before per-plugin scores shows NODE and TOTAL.
 */
export function scoreTable(decision: SchedulingAnnotation): string[][] {
  const plugins = decision.plugins ?? [];
  if (plugins.length === 0) return decision.scores.map(([node, total]) => [node, String(total)]);
  const header = ["NODE", ...plugins.map(([name, weight]) => (weight === 1 ? name : `${name} (x${weight})`)), "TOTAL"];
  const body = decision.scores.map(([node, total, each]) => [node, ...plugins.map((_, i) => (each?.[i] === undefined ? "" : String(each[i]))), String(total)]);
  return [header, ...body];
}
