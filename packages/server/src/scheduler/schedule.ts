// One scheduling decision, as a plain function: every filter on every node, then every score on
// the nodes left, then the best total wins. Ties go to the first node by name, so the same cluster
// always gives the same answer (tests and people can predict it). Nothing here reads the store or
// the clock: the component (scheduler.ts) brings the snapshot and writes the result.
//
// On a large cluster it stops looking once enough nodes fit, as Kubernetes does
// (percentageOfNodesToScore): from 100 nodes on, it walks them from `start` (where the last
// decision stopped, so every node gets its turn) until it has found nodesToFind() that fit.
import type { Pod } from "@skiff/api";
import { unschedulableMessage } from "./message.js";
import { isFilterPlugin, isScorePlugin, type Decision, type NodeInfo, type NodeVerdict, type Plugin } from "./types.js";

/** Below this many nodes every node is looked at (Kubernetes' minFeasibleNodesToFind). */
export const MIN_NODES_TO_FIND = 100;

/**
 * How many fitting nodes a decision looks for before it stops (Kubernetes' numFeasibleNodesToFind):
 * `percentage` of the nodes, or when 0 an adaptive share, 50% less 1% per 125 nodes, never under
 * 5%; never fewer than 100 nodes. 1,000 nodes: 420; 5,000: 500; 10,000: 500 (5%).
 */
export function nodesToFind(all: number, percentage = 0): number {
  if (all < MIN_NODES_TO_FIND || percentage >= 100) return all;
  const share = percentage > 0 ? percentage : Math.max(5, 50 - Math.floor(all / 125));
  return Math.max(MIN_NODES_TO_FIND, Math.floor((all * share) / 100));
}

export interface ScheduleOptions {
  /** Where in the name-ordered nodes the walk begins (it wraps around). */
  start?: number;
  /** KubeSchedulerConfiguration's percentageOfNodesToScore: 0 (adaptive) by default. */
  percentageOfNodesToScore?: number;
}

export function schedule(pod: Pod, nodes: readonly NodeInfo[], plugins: readonly Plugin[], options: ScheduleOptions = {}): Decision {
  const filters = plugins.filter(isFilterPlugin);
  const scorers = plugins.filter(isScorePlugin);
  const verdicts: NodeVerdict[] = [];
  let best: NodeVerdict | undefined;
  // The snapshot hands them over in name order already; sorting is for other callers (tests).
  const ordered = inNameOrder(nodes) ? nodes : [...nodes].sort((a, b) => compare(a.name, b.name));
  const wanted = nodesToFind(ordered.length, options.percentageOfNodesToScore);
  const start = ordered.length > 0 ? (options.start ?? 0) % ordered.length : 0;
  let found = 0;

  for (let i = 0; i < ordered.length && found < wanted; i++) {
    const node = ordered[(start + i) % ordered.length]!;
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
    found += 1;
    verdict.scores = {};
    verdict.total = 0;
    for (const s of scorers) {
      const score = clampScore(s.score(pod, node));
      verdict.scores[s.name] = score;
      verdict.total += s.weight * score;
    }
    // On a tie the node earlier by name wins, wherever the walk began.
    if (!best || verdict.total > (best.total ?? 0) || (verdict.total === best.total && compare(verdict.node, best.node) < 0)) best = verdict;
  }

  const unvisited = ordered.length - verdicts.length;
  const record = { nodes: verdicts, weights: scorers.map((s): [string, number] => [s.name, s.weight]), ...(unvisited > 0 ? { unvisited } : {}) };
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
