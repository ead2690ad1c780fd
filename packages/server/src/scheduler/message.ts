// Why a pod fits nowhere, in Kubernetes' words, e.g.
//   0/3 nodes are available: 2 Insufficient cpu, 1 node(s) didn't match node selector.
// Each reason is counted once per node that gave it (a node short of cpu and memory counts in
// both). Reasons are sorted by their text so the message is stable. (Kubernetes sorts the
// "<count> <reason>" strings, which puts counts first; sorting by reason keeps one reason in one
// place however the counts move.)
import type { NodeVerdict } from "./types.js";

export const NO_NODES = "no nodes available to schedule pods";

export function unschedulableMessage(verdicts: readonly NodeVerdict[]): string {
  if (verdicts.length === 0) return `0/0 nodes are available: ${NO_NODES}.`;
  const counts = new Map<string, number>();
  for (const v of verdicts) {
    for (const reason of new Set(v.filteredOut?.reasons ?? [])) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const parts = [...counts.keys()].sort(compare).map((reason) => `${counts.get(reason)} ${reason}`);
  return `0/${verdicts.length} nodes are available: ${parts.join(", ")}.`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
