// The `Scheduling:` section of `describe pod`, from the decision the scheduler stores with the pod
// in the annotation `skiff.dev/scheduling` (see server/src/scheduler/annotation.ts):
//
//   {"node":"n2","scores":[["n2",310],["n1",240]],"filtered":[["n3","NodeResourcesFit: Insufficient cpu"]]}
//
// and, for a pod no node fits, the message of its PodScheduled=False condition.
import type { Pod } from "@skiff/api";
import { formatTable } from "../table.js";
import type { DescribeWriter } from "./writer.js";

export const SCHEDULING_ANNOTATION = "skiff.dev/scheduling";

export interface SchedulingDecision {
  /** Absent when no node fits. */
  node?: string;
  scores: [string, number][];
  filtered: [string, string][];
  omitted?: number;
}

const isPair = (p: unknown, second: "number" | "string") =>
  Array.isArray(p) && p.length === 2 && typeof p[0] === "string" && typeof p[1] === second;

/** The annotation read back; undefined when it is absent or not in the expected shape. */
export function parseScheduling(text: string | undefined): SchedulingDecision | undefined {
  if (!text) return undefined;
  let value: Partial<SchedulingDecision>;
  try {
    value = JSON.parse(text) as Partial<SchedulingDecision>;
  } catch {
    return undefined;
  }
  if (!Array.isArray(value.scores) || !value.scores.every((p) => isPair(p, "number"))) return undefined;
  if (!Array.isArray(value.filtered) || !value.filtered.every((p) => isPair(p, "string"))) return undefined;
  return {
    ...(typeof value.node === "string" ? { node: value.node } : {}),
    scores: value.scores,
    filtered: value.filtered,
    ...(typeof value.omitted === "number" && value.omitted > 0 ? { omitted: value.omitted } : {}),
  };
}

/** Indented rows for a DescribeWriter section: a space-aligned table, one text line per row. */
function rows(w: DescribeWriter, table: string[][]): void {
  for (const line of formatTable(undefined, table).trimEnd().split("\n")) w.text(line);
}

export function describeScheduling(pod: Pod, w: DescribeWriter): void {
  const decision = parseScheduling(pod.metadata.annotations?.[SCHEDULING_ANNOTATION]);
  const unschedulable = pod.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
  if (!decision && !unschedulable) return;
  w.section("Scheduling", (s) => {
    const node = decision?.node ?? pod.spec?.nodeName;
    s.field("Node", node ?? (unschedulable ? `<none> (${unschedulable.reason || "Unschedulable"})` : undefined));
    if (!node && unschedulable?.message) s.field("Message", unschedulable.message);
    if (decision?.scores.length) s.section("Scores", (t) => rows(t, decision.scores.map(([n, score]) => [n, String(score)])));
    if (decision?.filtered.length) s.section("Filtered out", (t) => rows(t, decision.filtered.map(([n, why]) => [n, why])));
    if (decision?.omitted) s.text(`(${decision.omitted} more node${decision.omitted === 1 ? "" : "s"} not shown)`);
  });
}
