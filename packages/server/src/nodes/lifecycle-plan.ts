// Which nodes to mark NotReady and whose pods to fail. Pure: the clock and the last heartbeat
// time come in, and the next time to look goes out (the loop sets a timer for it). Kubernetes marks a node NotReady after 40 s without a lease renewal and evicts
// after a further 5 min; skiff's defaults are shorter (2 s x 3, then 10 s) because its clusters
// are small and watched, and all are flags. As in Nomad, the period grows with the number of
// nodes so that a server hears at most maxHeartbeatsPerSecond: 1,000 nodes beat every 10 s.
import { controllerOf, isTerminalPhase, type Node, type Pod } from "@skiff/api";
import { isReady } from "./node-object.js";

export interface LifecycleConfig {
  heartbeatPeriodMs: number;
  /** A node is NotReady after this many periods without a heartbeat. */
  graceMultiplier: number;
  /** After NotReady for this long, the node's pods are failed so controllers replace them. */
  evictionTimeoutMs: number;
  /** The period grows past heartbeatPeriodMs where this many nodes a second would be more (0: never). */
  maxHeartbeatsPerSecond?: number;
}

export const DEFAULT_LIFECYCLE: LifecycleConfig = { heartbeatPeriodMs: 2_000, graceMultiplier: 3, evictionTimeoutMs: 10_000, maxHeartbeatsPerSecond: 100 };

/** The heartbeat period for a server that hears `nodes` nodes: the configured one, or longer so that they stay within the rate. */
export function heartbeatPeriodFor(c: LifecycleConfig, nodes: number): number {
  const rate = c.maxHeartbeatsPerSecond ?? 0;
  return rate > 0 ? Math.max(c.heartbeatPeriodMs, Math.ceil((nodes * 1000) / rate)) : c.heartbeatPeriodMs;
}

/** What to do about one node now, from its last heartbeat. */
export interface NodeVerdict {
  /** It is Ready and has been silent past the grace period: its Ready condition must become Unknown. */
  markNotReady: boolean;
  /** Silent past the grace period and the eviction timeout: its pods are failed (or a StatefulSet's, marked Terminating: lostPodAction). */
  lost: boolean;
  /** Look at it again after this long (the next deadline); undefined when lost (its return wakes us). */
  recheckInMs?: number;
}

/** `periodMs`: the heartbeat period the node was last told (default: the configured one). */
export function planNode(node: Node, lastHeard: number, now: number, c: LifecycleConfig, periodMs = c.heartbeatPeriodMs): NodeVerdict {
  const grace = periodMs * c.graceMultiplier;
  const silentFor = now - lastHeard;
  if (silentFor <= grace) return { markNotReady: false, lost: false, recheckInMs: grace - silentFor + 1 };
  const markNotReady = isReady(node);
  const evictAfter = grace + c.evictionTimeoutMs;
  if (silentFor <= evictAfter) return { markNotReady, lost: false, recheckInMs: evictAfter - silentFor + 1 };
  return { markNotReady, lost: true };
}

/**
 * A node this loop marked NotReady (Ready Unknown, NodeStatusUnknown) that another server has
 * heard from within the grace period (its node Lease): it is back, and must be written Ready here,
 * since only the server holding a session notices a return in memory, and that server did not
 * mark it NotReady.
 */
export function backThroughAnotherServer(node: Node, storedHeardAt: number, now: number, c: LifecycleConfig, periodMs = c.heartbeatPeriodMs): boolean {
  if (isReady(node)) return false;
  const ready = node.status?.conditions?.find((x) => x.type === "Ready");
  return ready?.reason === "NodeStatusUnknown" && now - storedHeardAt <= periodMs * c.graceMultiplier;
}

/**
 * What becomes of a pod of a lost node:
 *   fail      -> Failed, reason NodeLost: its controller (ReplicaSet, Job, DaemonSet) replaces it at
 *                once; the copy on the lost node may still run for a while (as in Kubernetes).
 *   terminate -> a StatefulSet's pod keeps its identity: it is marked Terminating (deletionTimestamp,
 *                reason NodeLost: `get pods` shows Unknown) and stays until the node is deleted
 *                (pod-gc.ts), or its agent comes back and stops it, or a user force-deletes it. The
 *                StatefulSet makes no second pod of that name meanwhile: at most one `db-1` runs.
 *   undefined -> nothing: finished, or already done.
 */
export type LostPodAction = "fail" | "terminate";

export function lostPodAction(pod: Pod): LostPodAction | undefined {
  if (isTerminalPhase(pod.status?.phase)) return undefined;
  if (controllerOf(pod)?.kind === "StatefulSet") return pod.status?.reason === NODE_LOST ? undefined : "terminate";
  return "fail";
}

/** The pods of a lost node that something must be done about (lostPodAction). */
export function podsToEvict(pods: readonly Pod[]): Pod[] {
  return pods.filter((p) => lostPodAction(p) !== undefined);
}

/** Kubernetes' reason for a pod whose node is unreachable (NodeUnreachablePodReason). */
export const NODE_LOST = "NodeLost";

function lostStatus(pod: Pod, now: Date): NonNullable<Pod["status"]> {
  return {
    ...pod.status,
    reason: NODE_LOST,
    message: `Node ${pod.spec.nodeName} which was running pod ${pod.metadata.name} is unresponsive`,
    conditions: [
      ...(pod.status?.conditions ?? []).filter((c) => c.type !== "Ready"),
      { type: "Ready", status: "False", reason: NODE_LOST, lastTransitionTime: now.toISOString() },
    ],
  };
}

/** The status a replaceable pod gets when its node is lost, in Kubernetes' words. */
export function evictedStatus(pod: Pod, now: Date): Pod {
  return { ...pod, status: { ...lostStatus(pod, now), phase: "Failed" } };
}

/**
 * A StatefulSet's pod on a lost node: Terminating with reason NodeLost, its phase as it was. A pod
 * already being deleted keeps its deletion; otherwise it gets its own grace period (at least 1 s:
 * a grace period of 0 would remove it at once, and free its name while it may still run).
 */
export function terminatingLostPod(pod: Pod, now: Date): Pod {
  const status = lostStatus(pod, now);
  if (pod.metadata.deletionTimestamp !== undefined) return { ...pod, status };
  const grace = Math.max(1, pod.spec.terminationGracePeriodSeconds ?? 30);
  const deletionTimestamp = new Date(now.getTime() + grace * 1000).toISOString();
  return { ...pod, metadata: { ...pod.metadata, deletionTimestamp, deletionGracePeriodSeconds: grace }, status };
}

/** The write for a pod of a lost node (undefined: nothing to do). */
export function lostPodWrite(pod: Pod, now: Date): Pod | undefined {
  const action = lostPodAction(pod);
  if (action === "fail") return evictedStatus(pod, now);
  if (action === "terminate") return terminatingLostPod(pod, now);
  return undefined;
}
