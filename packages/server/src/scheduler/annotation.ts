// The decision as the annotation `skiff.dev/scheduling` records it: the format, and its parser
// for `describe pod`, are @skiff/api's (well-known/scheduling.ts); this builds it from a Decision.
import { MAX_SCHEDULING_NODES as MAX_NODES, SCHEDULING_ANNOTATION, formatSchedulingAnnotation, parseSchedulingAnnotation, type SchedulingAnnotation } from "@skiff/api";
import type { Decision } from "./types.js";

export { MAX_NODES, SCHEDULING_ANNOTATION, parseSchedulingAnnotation, type SchedulingAnnotation };

export function toAnnotation(decision: Decision): SchedulingAnnotation {
  const plugins = decision.record.weights ?? [];
  const scores: [string, number, number[]][] = [];
  const filtered: [string, string][] = [];
  // Walk order is name order from where the walk began: rejections are listed by name.
  for (const v of [...decision.record.nodes].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0))) {
    if (v.filteredOut) filtered.push([v.node, `${v.filteredOut.plugin}: ${v.filteredOut.reasons.join("; ")}`]);
    else scores.push([v.node, v.total ?? 0, plugins.map(([name]) => v.scores?.[name] ?? 0)]);
  }
  scores.sort((a, b) => b[1] - a[1]); // stable: equal totals stay in name order
  const keptScores = scores.slice(0, MAX_NODES);
  const keptFiltered = filtered.slice(0, MAX_NODES - keptScores.length);
  const omitted = scores.length + filtered.length - keptScores.length - keptFiltered.length;
  return {
    ...("nodeName" in decision ? { node: decision.nodeName } : {}),
    ...(plugins.length ? { plugins } : {}),
    scores: plugins.length ? keptScores : keptScores.map(([n, total]): [string, number] => [n, total]),
    filtered: keptFiltered,
    ...(omitted > 0 ? { omitted } : {}),
    ...(decision.record.unvisited ? { unvisited: decision.record.unvisited } : {}),
  };
}

export function formatAnnotation(decision: Decision): string {
  return formatSchedulingAnnotation(toAnnotation(decision));
}
