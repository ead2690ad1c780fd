// What a controller needs to know about one pod: does it count, is it ready, is it available.
// Pure, with the clock passed in (Kubernetes' podutil.IsPodReady / IsPodAvailable).
import { isTerminalPhase, type Pod } from "@skiff/api";

/** Counts toward replicas: not finished and not on its way out (Kubernetes' FilterActivePods). */
export function isActive(pod: Pod): boolean {
  return !pod.metadata.deletionTimestamp && !isTerminalPhase(pod.status?.phase);
}

function readyCondition(pod: Pod) {
  return pod.status?.conditions?.find((c) => c.type === "Ready");
}

export function isReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === "True";
}

/** When the pod became ready (its Ready condition's transition time), if it is. */
export function readySince(pod: Pod): Date | undefined {
  const cond = readyCondition(pod);
  if (cond?.status !== "True") return undefined;
  // A Ready condition without a time: treat it as ready for ever, as Kubernetes does.
  return cond.lastTransitionTime ? new Date(cond.lastTransitionTime) : new Date(0);
}

/** Ready for at least minReadySeconds: only then does it count as available to serve. */
export function isAvailable(pod: Pod, minReadySeconds: number, now: Date): boolean {
  const since = readySince(pod);
  if (!since) return false;
  return minReadySeconds <= 0 || since.getTime() + minReadySeconds * 1000 <= now.getTime();
}

/** Milliseconds until the next ready pod turns available; undefined when none is waiting. */
export function nextAvailableInMs(pods: readonly Pod[], minReadySeconds: number, now: Date): number | undefined {
  if (minReadySeconds <= 0) return undefined;
  let next: number | undefined;
  for (const pod of pods) {
    const since = readySince(pod);
    if (!since) continue;
    const wait = since.getTime() + minReadySeconds * 1000 - now.getTime();
    if (wait > 0 && (next === undefined || wait < next)) next = wait;
  }
  return next;
}

export function restarts(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
}
