// How a Job counts failures, as Kubernetes' job controller does, and how long it waits before
// replacing a failed pod. Pure, with the clock passed in.
//
//   failed pods (phase Failed) count toward backoffLimit: the Job fails when there are more
//     than backoffLimit of them
//   with restartPolicy OnFailure a failing container restarts inside its pod instead, so the
//     restarts of the Job's running and pending pods count too: the Job fails when they reach
//     backoffLimit (pastBackoffLimitOnFailure; any restart when backoffLimit is 0)
//   a pod that replaces a failed one waits 10 s, doubled per failure, at most 6 min
//     (Kubernetes' DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff)
import type { Job, Pod } from "@skiff/api";

export const FAILURE_BACKOFF_MS = 10_000;
export const MAX_FAILURE_BACKOFF_MS = 360_000;

function restartsOf(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

/** With OnFailure: have the containers of the running and pending pods restarted too often? */
export function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec.template.spec.restartPolicy !== "OnFailure") return false;
  const limit = job.spec.backoffLimit ?? 6;
  const restarts = pods
    .filter((p) => p.status?.phase === "Running" || p.status?.phase === "Pending" || p.status?.phase === undefined)
    .reduce((n, p) => n + restartsOf(p), 0);
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** When a pod stopped: its containers' last finish time, else when it was made. */
function finishedAt(pod: Pod): number {
  let latest = 0;
  for (const c of pod.status?.containerStatuses ?? []) {
    const t = c.state?.terminated?.finishedAt;
    if (t) latest = Math.max(latest, Date.parse(t) || 0);
  }
  return latest || Date.parse(pod.metadata.creationTimestamp ?? "") || 0;
}

/** Milliseconds to wait before creating a pod after `failed` failures, the last in `failedPods`. */
export function failureBackoffMs(failed: number, failedPods: readonly Pod[], now: Date): number {
  if (failed <= 0 || failedPods.length === 0) return 0;
  const delay = Math.min(FAILURE_BACKOFF_MS * 2 ** Math.min(failed - 1, 10), MAX_FAILURE_BACKOFF_MS);
  const last = Math.max(...failedPods.map(finishedAt));
  return Math.max(0, last + delay - now.getTime());
}
