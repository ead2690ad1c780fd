// What a pod status write says for the metrics: did the pod just start (and how long after its
// creation), and how many container restarts it adds. Pure: the dispatcher calls it for each
// pod it writes, with the pod as stored before and after.
import type { Pod } from "@skiff/api";

export interface PodStatusFacts {
  /** Seconds from creation to now, when this write is the pod's start; else undefined. */
  startedAfterSeconds?: number;
  /** Container restarts this write adds (restartCount increases). */
  restarts: number;
}

const NOT_STARTED = new Set([undefined, "Pending"]);

/**
 * A pod starts once: when its phase first leaves Pending for Running, or for Succeeded when it
 * ran and ended between two reports (phases only move forward, so this happens once per pod).
 * A pod that goes straight to Failed never ran its containers to a start we can time.
 */
export function podStatusFacts(before: Pod, after: Pod, now: Date): PodStatusFacts {
  const from = before.status?.phase;
  const to = after.status?.phase;
  const started = NOT_STARTED.has(from) && (to === "Running" || to === "Succeeded");
  const created = Date.parse(after.metadata.creationTimestamp ?? "");
  return {
    ...(started && Number.isFinite(created) ? { startedAfterSeconds: Math.max(0, (now.getTime() - created) / 1000) } : {}),
    restarts: Math.max(0, restartsOf(after) - restartsOf(before)),
  };
}

function restartsOf(pod: Pod): number {
  const statuses = pod.status?.containerStatuses ?? [];
  return statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0);
}
