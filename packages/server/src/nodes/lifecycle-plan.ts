// Which nodes to mark NotReady and whose pods to fail. Pure: the clock and the last heartbeat
// time come in, and the next time to look goes out (the loop sets a timer for it). Kubernetes marks a node NotReady after 40 s without a lease renewal and evicts
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

/** What to do about one node now, from its last heartbeat. */
export interface NodeVerdict {
  /** It is Ready and has been silent past the grace period: its Ready condition must become Unknown. */
  markNotReady: boolean;
  /** Silent past the grace period and the eviction timeout: its pods are failed so controllers replace them. */
  lost: boolean;
  /** Look at it again after this long (the next deadline); undefined when lost (its return wakes us). */
  recheckInMs?: number;
}

export function planNode(node: Node, lastHeard: number, now: number, c: LifecycleConfig): NodeVerdict {
  const grace = c.heartbeatPeriodMs * c.graceMultiplier;
  const silentFor = now - lastHeard;
  if (silentFor <= grace) return { markNotReady: false, lost: false, recheckInMs: grace - silentFor + 1 };
  const markNotReady = isReady(node);
  const evictAfter = grace + c.evictionTimeoutMs;
  if (silentFor <= evictAfter) return { markNotReady, lost: false, recheckInMs: evictAfter - silentFor + 1 };
  return { markNotReady, lost: true };
}

/** The pods of a lost node to mark Failed: those not finished already. */
export function podsToEvict(pods: readonly Pod[]): Pod[] {
  return pods.filter((p) => !isTerminalPhase(p.status?.phase));
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
