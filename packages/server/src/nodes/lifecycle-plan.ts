// Which nodes to mark NotReady and whose pods to fail. Pure: the clock and the last heartbeat
// times come in. Kubernetes marks a node NotReady after 40 s without a lease renewal and evicts
// after a further 5 min; skiff's defaults are shorter (2 s x 3, then 10 s) because its clusters
// are small and watched, and all three are flags.
import { isTerminalPhase, type Node, type Pod } from "@skiff/api";
import { isReady } from "./node-object.js";

export interface LifecycleConfig {
  heartbeatPeriodMs: number;
  /** A node is NotReady after this many periods without a heartbeat. */
  graceMultiplier: number;
  /** After NotReady for this long, the node's pods are failed so controllers replace them. */
  evictionTimeoutMs: number;
}

export const DEFAULT_LIFECYCLE: LifecycleConfig = { heartbeatPeriodMs: 2_000, graceMultiplier: 3, evictionTimeoutMs: 10_000 };

export interface LifecyclePlan {
  /** Nodes whose Ready condition must become Unknown. */
  notReady: Node[];
  /** Pods to mark Failed (reason NodeLost), on nodes gone for longer than the eviction timeout. */
  evict: Pod[];
}

export function planLifecycle(nodes: Node[], pods: Pod[], lastHeard: (node: string) => number, now: number, c: LifecycleConfig): LifecyclePlan {
  const deadline = c.heartbeatPeriodMs * c.graceMultiplier;
  const silent = (n: Node) => now - lastHeard(n.metadata.name) > deadline;
  const notReady = nodes.filter((n) => isReady(n) && silent(n));
  const lost = new Set(
    nodes.filter((n) => !isReady(n) && now - lastHeard(n.metadata.name) > deadline + c.evictionTimeoutMs).map((n) => n.metadata.name),
  );
  const evict = pods.filter((p) => p.spec.nodeName && lost.has(p.spec.nodeName) && !isTerminalPhase(p.status?.phase));
  return { notReady, evict };
}

/** The status a pod gets when its node is lost, in Kubernetes' words. */
export function evictedStatus(pod: Pod, now: Date): Pod {
  return {
    ...pod,
    status: {
      ...pod.status,
      phase: "Failed",
      reason: "NodeLost",
      message: `Node ${pod.spec.nodeName} which was running pod ${pod.metadata.name} is unresponsive`,
      conditions: [
        ...(pod.status?.conditions ?? []).filter((c) => c.type !== "Ready"),
        { type: "Ready", status: "False", reason: "NodeLost", lastTransitionTime: now.toISOString() },
      ],
    },
  };
}
