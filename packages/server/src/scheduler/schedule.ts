// One scheduling decision, as a plain function: every filter on every node, then every score on
// the nodes left, then the best total wins. Ties go to the first node by name, so the same cluster
// always gives the same answer (tests and people can predict it). Nothing here reads the store or
// the clock: the component (scheduler.ts) brings the snapshot and writes the result.
import type { Pod } from "@skiff/api";
import { unschedulableMessage } from "./message.js";
import { isFilterPlugin, isScorePlugin, type Decision, type NodeInfo, type NodeVerdict, type Plugin } from "./types.js";

export function schedule(pod: Pod, nodes: readonly NodeInfo[], plugins: readonly Plugin[]): Decision {
  const filters = plugins.filter(isFilterPlugin);
  const scorers = plugins.filter(isScorePlugin);
  const verdicts: NodeVerdict[] = [];
  let best: NodeVerdict | undefined;

  // The snapshot hands them over in name order already; sorting is for other callers (tests).
  for (const node of inNameOrder(nodes) ? nodes : [...nodes].sort((a, b) => compare(a.name, b.name))) {
    const verdict: NodeVerdict = { node: node.name };
    verdicts.push(verdict);
    // Kubernetes stops at the first filter that fails: its reasons are enough to explain.
    for (const f of filters) {
      const result = f.filter(pod, node);
      if (!result.fit) {
        verdict.filteredOut = { plugin: f.name, reasons: result.reasons };
        break;
      }
    }
    if (verdict.filteredOut) continue;
    verdict.scores = {};
    verdict.total = 0;
    for (const s of scorers) {
      const score = clampScore(s.score(pod, node));
      verdict.scores[s.name] = score;
      verdict.total += s.weight * score;
    }
    // Strictly greater: on a tie the node earlier by name stays.
    if (!best || verdict.total > (best.total ?? 0)) best = verdict;
  }

  const record = { nodes: verdicts, weights: scorers.map((s): [string, number] => [s.name, s.weight]) };
  return best ? { nodeName: best.node, record } : { unschedulable: unschedulableMessage(verdicts), record };
}

/** A plugin's score as an integer in 0..100, whatever a user plugin returned (NaN counts as 0). */
function clampScore(score: number): number {
  return Number.isFinite(score) ? Math.min(100, Math.max(0, Math.round(score))) : 0;
}

function inNameOrder(nodes: readonly NodeInfo[]): boolean {
  for (let i = 1; i < nodes.length; i++) if (compare(nodes[i - 1]!.name, nodes[i]!.name) > 0) return false;
  return true;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
