// The scheduler's decision, kept with the pod in the annotation `skiff.dev/scheduling`, so that
// `skiff describe pod` can say why it went where it went (or why it went nowhere). Short on
// purpose: each node's total score and each rejected node's reasons, not every plugin's score,
// and at most MAX_SCHEDULING_NODES nodes (the best scores first, then the rejections).
//
//   {"node":"n2","scores":[["n2",310],["n1",240]],"filtered":[["n3","NodeResourcesFit: Insufficient cpu"]]}
//
// Lists of pairs rather than objects: JSON objects would reorder node names that look like numbers.
// The scheduler builds it from its decision (server/src/scheduler/annotation.ts); the CLI reads it.

export const SCHEDULING_ANNOTATION = "skiff.dev/scheduling";
export const MAX_SCHEDULING_NODES = 20;

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

export function formatSchedulingAnnotation(a: SchedulingAnnotation): string {
  return JSON.stringify(a);
}

const isPair = (p: unknown, second: "number" | "string") =>
  Array.isArray(p) && p.length === 2 && typeof p[0] === "string" && typeof p[1] === second;

/** The annotation's value read back; undefined when it is absent or not in the shape written. */
export function parseSchedulingAnnotation(text: string | undefined): SchedulingAnnotation | undefined {
  if (!text) return undefined;
  let value: Partial<Record<keyof SchedulingAnnotation, unknown>> | null;
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    return undefined;
  }
  if (!value || typeof value !== "object") return undefined;
  const { node, scores, filtered, omitted } = value;
  if (!Array.isArray(scores) || !scores.every((p) => isPair(p, "number"))) return undefined;
  if (!Array.isArray(filtered) || !filtered.every((p) => isPair(p, "string"))) return undefined;
  return {
    ...(typeof node === "string" ? { node } : {}),
    scores: scores as [string, number][],
    filtered: filtered as [string, string][],
    ...(typeof omitted === "number" && omitted > 0 ? { omitted } : {}),
  };
}
