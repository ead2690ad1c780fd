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
  /** How many of `pods` each controller (ReplicaSet, StatefulSet... uid) has here: spreading asks this per node, and walking `pods` instead made each decision O(all pods). */
  readonly podsByController: ReadonlyMap<string, number>;
}

/** A filter's verdict: the pod may run on the node, or it may not, with Kubernetes-style reasons. */
export type FilterResult = { fit: true } | { fit: false; reasons: string[] };

/** The best score a node can get from one plugin (the worst is 0), as Kubernetes' MaxNodeScore. */
export const MAX_NODE_SCORE = 100;

/**
 * May the pod run on this node? Called for every node, in name order, until a filter says no; the
 * reasons (Kubernetes' words, e.g. "node(s) didn't match node selector") are counted over the
 * nodes in the pod's "0/3 nodes are available" message and shown by `skiff describe pod`.
 * Must be pure and fast: no I/O, no mutation of the pod or the NodeInfo (they are shared).
 */
export interface FilterPlugin {
  /** Unique among the plugins; what configs, logs and `describe pod` call it (CamelCase, as Kubernetes' names). */
  readonly name: string;
  filter(pod: Pod, node: NodeInfo): FilterResult;
}

/**
 * How good a place is this node? Called only for nodes every filter let through; the node with the
 * highest total (the sum over score plugins of weight x score) wins, ties going to the first by
 * name. Each plugin's score is kept with the pod and shown by `skiff describe pod`.
 */
export interface ScorePlugin {
  readonly name: string;
  /** How much this plugin counts (1..100): a node's total is the sum of weight x score. A scheduler config may change it. */
  readonly weight: number;
  /** 0 (worst) to MAX_NODE_SCORE (best); rounded and clamped into that range (NaN counts as 0). Pure, as a filter. */
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

/** The verdict of every node looked at, in the order they were looked at (node-name order from where the walk began). */
export interface DecisionRecord {
  nodes: NodeVerdict[];
  /** Nodes not looked at: enough fitted before them (schedule.ts nodesToFind). */
  unvisited?: number;
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
