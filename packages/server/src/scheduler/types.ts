// The words of the scheduler, as in the Kubernetes scheduling framework: a NodeInfo is one node
// with what is already placed on it; a filter plugin says whether a pod may go there (and why not);
// a score plugin says how good a place it is; a Decision is the chosen node, or why there is none,
// with the record of every plugin's verdict so that `skiff describe pod` can explain it.
import type { Node, Pod } from "@skiff/api";

/** CPU in millicores, memory in bytes, pods as a count. */
export interface Resources {
  milliCpu: number;
  memory: number;
  pods: number;
}

/** A host port a pod publishes on its node. An empty hostIP means every address (0.0.0.0). */
export interface HostPort {
  hostIP: string;
  protocol: "TCP" | "UDP";
  port: number;
}

/** One node as the scheduler sees it: the Node object plus the pods placed on it. Read-only. */
export interface NodeInfo {
  readonly node: Node;
  readonly name: string;
  /** What pods may use: status.allocatable, else status.capacity (pods defaults to 110, as Kubernetes). */
  readonly allocatable: Readonly<Resources>;
  /** The sum of the requests of the pods placed here (0 for a container that requests nothing). */
  readonly requested: Readonly<Resources>;
  /** Like `requested`, counting 100m CPU / 200Mi memory for a container that requests nothing: for scoring only. */
  readonly nonZeroRequested: Readonly<Resources>;
  readonly usedPorts: readonly HostPort[];
  /** The pods placed here (bound, not Succeeded/Failed). */
  readonly pods: readonly Pod[];
}

/** A filter's verdict: the pod may run on the node, or it may not, with Kubernetes-style reasons. */
export type FilterResult = { fit: true } | { fit: false; reasons: string[] };

export interface FilterPlugin {
  readonly name: string;
  filter(pod: Pod, node: NodeInfo): FilterResult;
}

export interface ScorePlugin {
  readonly name: string;
  /** How much this plugin counts: a node's total is the sum of weight x score. */
  readonly weight: number;
  /** 0 (worst) to 100 (best). Only called for nodes that passed every filter. */
  score(pod: Pod, node: NodeInfo): number;
}

/** A plugin filters, scores, or both (TaintToleration does both, as in Kubernetes). */
export type Plugin = FilterPlugin | ScorePlugin | (FilterPlugin & ScorePlugin);

/** What happened on one node. */
export interface NodeVerdict {
  node: string;
  /** Set when a filter rejected the node; the filters after it did not run. */
  filteredOut?: { plugin: string; reasons: string[] };
  /** For a node that passed every filter: each score plugin's score (0..100), by plugin name. */
  scores?: Record<string, number>;
  /** For a node that passed every filter: the sum of weight x score. */
  total?: number;
}

/** Every node's verdict, in node-name order. */
export interface DecisionRecord {
  nodes: NodeVerdict[];
  /** The score plugins in the order they ran, with their weights (a total is the sum of weight x score). */
  weights?: [string, number][];
}

export type Decision =
  | { nodeName: string; record: DecisionRecord }
  | { unschedulable: string; record: DecisionRecord };

export const fit: FilterResult = Object.freeze({ fit: true });

export function unfit(...reasons: string[]): FilterResult {
  return { fit: false, reasons };
}

export function isFilterPlugin(p: Plugin): p is FilterPlugin {
  return typeof (p as Partial<FilterPlugin>).filter === "function";
}

export function isScorePlugin(p: Plugin): p is ScorePlugin {
  return typeof (p as Partial<ScorePlugin>).score === "function";
}
