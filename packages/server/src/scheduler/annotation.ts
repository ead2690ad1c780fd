// The decision as the annotation `skiff.dev/scheduling` records it: the format, and its parser
// for `describe pod`, are @skiff/api's (well-known/scheduling.ts); this builds it from a Decision.
import { MAX_SCHEDULING_NODES as MAX_NODES, SCHEDULING_ANNOTATION, formatSchedulingAnnotation, parseSchedulingAnnotation, type SchedulingAnnotation } from "@skiff/api";
import type { Decision, NodeVerdict } from "./types.js";

export { MAX_NODES, SCHEDULING_ANNOTATION, parseSchedulingAnnotation, type SchedulingAnnotation };

/** The annotation of a decision, built once however many readers ask (the bind, describe, the trace). */
export function toAnnotation(decision: Decision): SchedulingAnnotation {
  let annotation = built.get(decision);
  if (!annotation) built.set(decision, (annotation = build(decision)));
  return annotation;
}

const built = new WeakMap<Decision, SchedulingAnnotation>();

// A decision looks at up to hundreds of nodes and the annotation keeps MAX_NODES: the best scores
// are picked without sorting them all, and a rejection's text is made only if it is kept.
function build(decision: Decision): SchedulingAnnotation {
  const plugins = decision.record.weights ?? [];
  const verdicts = decision.record.nodes;
  const scored = bestScored(verdicts, MAX_NODES);
  const rejected = verdicts.filter((v) => v.filteredOut);
  const keptFiltered = scored.length < MAX_NODES ? [...rejected].sort(byName).slice(0, MAX_NODES - scored.length) : [];
  const omitted = verdicts.length - scored.length - keptFiltered.length;
  return {
    ...("nodeName" in decision ? { node: decision.nodeName } : {}),
    ...(plugins.length ? { plugins } : {}),
    scores: scored.map((v): [string, number] | [string, number, number[]] => (plugins.length ? [v.node, v.total ?? 0, plugins.map(([name]) => v.scores?.[name] ?? 0)] : [v.node, v.total ?? 0])),
    filtered: keptFiltered.map((v): [string, string] => [v.node, `${v.filteredOut!.plugin}: ${v.filteredOut!.reasons.join("; ")}`]),
    ...(omitted > 0 ? { omitted } : {}),
    ...(decision.record.unvisited ? { unvisited: decision.record.unvisited } : {}),
  };
}

/** The `max` fitting nodes with the highest totals, equal totals in name order. */
function bestScored(verdicts: readonly NodeVerdict[], max: number): NodeVerdict[] {
  const best: NodeVerdict[] = [];
  for (const v of verdicts) {
    if (v.filteredOut) continue;
    if (best.length === max && !before(v, best[max - 1]!)) continue;
    let i = best.length;
    while (i > 0 && before(v, best[i - 1]!)) i--;
    best.splice(i, 0, v);
    if (best.length > max) best.pop();
  }
  return best;
}

const before = (a: NodeVerdict, b: NodeVerdict) => (a.total ?? 0) > (b.total ?? 0) || ((a.total ?? 0) === (b.total ?? 0) && a.node < b.node);
const byName = (a: NodeVerdict, b: NodeVerdict) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0);

export function formatAnnotation(decision: Decision): string {
  return formatSchedulingAnnotation(toAnnotation(decision));
}
