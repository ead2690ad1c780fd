// A decision in lines for people (`skiff describe pod`, logs):
//
//   Scheduled to n2: 2 of 3 nodes fit.
//     n2  score 310
//     n1  score 240
//     n3  filtered out by NodeResourcesFit: Insufficient cpu
import { toAnnotation, type SchedulingAnnotation } from "./annotation.js";
import type { Decision } from "./types.js";

export function explain(decision: Decision | SchedulingAnnotation): string[] {
  const a = "record" in decision ? toAnnotation(decision) : decision;
  const total = a.scores.length + a.filtered.length + (a.omitted ?? 0) + (a.unvisited ?? 0);
  const fitting = `${a.scores.length}${a.omitted || a.unvisited ? "+" : ""} of ${total} node${total === 1 ? "" : "s"} fit`;
  const lines = [a.node ? `Scheduled to ${a.node}: ${fitting}.` : `Not scheduled: ${total === 0 ? "no nodes" : `${fitting}`}.`];
  const width = Math.max(0, ...[...a.scores, ...a.filtered].map(([node]) => node.length));
  for (const [node, score] of a.scores) lines.push(`  ${node.padEnd(width)}  score ${score}`);
  for (const [node, why] of a.filtered) {
    const [plugin, ...rest] = why.split(": ");
    lines.push(`  ${node.padEnd(width)}  filtered out by ${plugin}: ${rest.join(": ")}`);
  }
  if (a.omitted) lines.push(`  (${a.omitted} more not shown)`);
  if (a.unvisited) lines.push(`  (${a.unvisited} more not looked at: enough nodes fit before them)`);
  return lines;
}
