// The decision, kept with the pod in the annotation `skiff.dev/scheduling`, so that
// `skiff describe pod` can say why it went where it went (or why it went nowhere). Short on
// purpose: each node's total score and each rejected node's reasons, not every plugin's score,
// and at most MAX_NODES nodes (the best scores first, then the rejections).
//
//   {"node":"n2","scores":[["n2",310],["n1",240]],"filtered":[["n3","NodeResourcesFit: Insufficient cpu"]]}
//
// Lists of pairs rather than objects: JSON objects would reorder node names that look like numbers.
import type { Decision } from "./types.js";

export const SCHEDULING_ANNOTATION = "skiff.dev/scheduling";
export const MAX_NODES = 20;

export interface SchedulingAnnotation {
  /** The chosen node; absent when no node fits. */
  node?: string;
  /** [node, total score] for the nodes that passed every filter, best first. */
  scores: [string, number][];
  /** [node, "<Plugin>: <reason>; <reason>"] for the nodes a filter rejected, by node name. */
  filtered: [string, string][];
  /** How many nodes were left out to keep it short. */
  omitted?: number;
}

export function toAnnotation(decision: Decision): SchedulingAnnotation {
  const scores: [string, number][] = [];
  const filtered: [string, string][] = [];
  for (const v of decision.record.nodes) {
    if (v.filteredOut) filtered.push([v.node, `${v.filteredOut.plugin}: ${v.filteredOut.reasons.join("; ")}`]);
    else scores.push([v.node, v.total ?? 0]);
  }
  scores.sort((a, b) => b[1] - a[1]); // stable: equal totals stay in name order
  const keptScores = scores.slice(0, MAX_NODES);
  const keptFiltered = filtered.slice(0, MAX_NODES - keptScores.length);
  const omitted = scores.length + filtered.length - keptScores.length - keptFiltered.length;
  return {
    ...("nodeName" in decision ? { node: decision.nodeName } : {}),
    scores: keptScores,
    filtered: keptFiltered,
    ...(omitted > 0 ? { omitted } : {}),
  };
}

export function formatAnnotation(decision: Decision): string {
  return JSON.stringify(toAnnotation(decision));
}

/** The annotation's value read back; undefined when it is absent or not what we wrote. */
export function parseSchedulingAnnotation(text: string | undefined): SchedulingAnnotation | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<SchedulingAnnotation>;
    if (!Array.isArray(value.scores) || !Array.isArray(value.filtered)) return undefined;
    return value as SchedulingAnnotation;
  } catch {
    return undefined;
  }
}
