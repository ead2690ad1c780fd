// The scheduler's decision, kept with the pod in the annotation `skiff.dev/scheduling`, so that
// `skiff describe pod` can say why it went where it went (or why it went nowhere). Short on
// purpose: each node's total and its score from each plugin, each rejected node's reasons, and at
// most MAX_SCHEDULING_NODES nodes (the best scores first, then the rejections).
//
//   {"node":"n2","plugins":[["TaintToleration",1],["NodeResourcesLeastAllocated",1]],
//    "scores":[["n2",180,[100,80]],["n1",160,[100,60]]],"filtered":[["n3","NodeResourcesFit: Insufficient cpu"]]}
//
// A node's per-plugin scores follow `plugins`' order; total = sum of weight x score. Pods
// scheduled before the per-plugin scores were kept have `[node, total]` pairs and no `plugins`.
//
// Lists of pairs rather than objects: JSON objects would reorder node names that look like numbers.
// The scheduler builds it from its decision (server/src/scheduler/annotation.ts); the CLI reads it.

export const SCHEDULING_ANNOTATION = "skiff.dev/scheduling";
export const MAX_SCHEDULING_NODES = 20;

export interface SchedulingAnnotation {
  /** The chosen node; absent when no node fits. */
  node?: string;
  /** The score plugins, in order, with their weights; absent in decisions kept before they were. */
  plugins?: [string, number][];
  /** [node, total score, each plugin's score in `plugins`' order] for the nodes that passed every filter, best first. */
  scores: ([string, number] | [string, number, number[]])[];
  /** [node, "<Plugin>: <reason>; <reason>"] for the nodes a filter rejected, by node name. */
  filtered: [string, string][];
  /** How many nodes were left out to keep it short. */
  omitted?: number;
  /** How many nodes were not looked at: on a large cluster the scheduler stops once enough fit. */
  unvisited?: number;
}

export function formatSchedulingAnnotation(a: SchedulingAnnotation): string {
  return JSON.stringify(a);
}

const isPair = (p: unknown, second: "number" | "string") =>
  Array.isArray(p) && p.length === 2 && typeof p[0] === "string" && typeof p[1] === second;
const isScore = (p: unknown) =>
  isPair(p, "number") || (Array.isArray(p) && p.length === 3 && isPair(p.slice(0, 2), "number") && Array.isArray(p[2]) && p[2].every((n) => typeof n === "number"));

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
  const { node, plugins, scores, filtered, omitted, unvisited } = value;
  if (!Array.isArray(scores) || !scores.every(isScore)) return undefined;
  if (plugins !== undefined && !(Array.isArray(plugins) && plugins.every((p) => isPair(p, "number")))) return undefined;
  if (!Array.isArray(filtered) || !filtered.every((p) => isPair(p, "string"))) return undefined;
  return {
    ...(typeof node === "string" ? { node } : {}),
    ...(plugins !== undefined ? { plugins: plugins as [string, number][] } : {}),
    scores: scores as SchedulingAnnotation["scores"],
    filtered: filtered as [string, string][],
    ...(typeof omitted === "number" && omitted > 0 ? { omitted } : {}),
    ...(typeof unvisited === "number" && unvisited > 0 ? { unvisited } : {}),
  };
}
