// How far along a pod is, in the words the StatefulSet's rules use. Pure; the clock comes in.
import { isTerminalPhase, type Pod } from "@skiff/api";

export function isTerminating(pod: Pod): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

/** Failed or Succeeded: its containers will not run again, so the set replaces it. */
export function hasFinished(pod: Pod): boolean {
  return isTerminalPhase(pod.status?.phase);
}

function readySince(pod: Pod): string | undefined | false {
  const ready = pod.status?.conditions?.find((c) => c.type === "Ready");
  return ready?.status === "True" ? ready.lastTransitionTime : false;
}

/** Phase Running and condition Ready True (and not being deleted). */
export function isRunningAndReady(pod: Pod): boolean {
  return !isTerminating(pod) && pod.status?.phase === "Running" && readySince(pod) !== false;
}

/**
 * Milliseconds until the pod counts as available (Running and Ready for `minReadySeconds`):
 * 0 when it already does, Infinity when it is not Ready at all. A Ready condition without a
 * transition time counts as ready long enough, as in Kubernetes.
 */
export function msUntilAvailable(pod: Pod, minReadySeconds: number, now: Date): number {
  if (!isRunningAndReady(pod)) return Infinity;
  const since = readySince(pod);
  if (minReadySeconds <= 0 || !since) return 0;
  const at = Date.parse(since) + minReadySeconds * 1000;
  return Number.isNaN(at) ? 0 : Math.max(0, at - now.getTime());
}
