// Which surplus pods go first when a ReplicaSet scales down (Kubernetes' controller.ActivePods
// ordering): the pods that cost least to lose. Each rule only breaks the previous one's ties.
//
//   1. not yet on a node, before scheduled     (it has not started anything)
//   2. Pending, then Unknown, then Running     (it is not serving yet)
//   3. not ready, before ready
//   4. both ready: ready for less time first   (the warmest pod stays)
//   5. more container restarts first           (the flaky one)
//   6. newer first                             (the older one has proven itself)
import type { Pod, PodPhase } from "@skiff/api";
import { isReady, readySince, restarts } from "./pod-state.js";

const PHASE_RANK: Partial<Record<PodPhase, number>> = { Pending: 0, Unknown: 1, Running: 2 };

const time = (iso: string | undefined): number => (iso ? Date.parse(iso) : 0);

/** Negative when `a` should be deleted before `b`. */
export function deletionOrder(a: Pod, b: Pod): number {
  const scheduled = Number(!!a.spec.nodeName) - Number(!!b.spec.nodeName);
  if (scheduled !== 0) return scheduled;
  const phase = (PHASE_RANK[a.status?.phase ?? "Pending"] ?? 0) - (PHASE_RANK[b.status?.phase ?? "Pending"] ?? 0);
  if (phase !== 0) return phase;
  const ready = Number(isReady(a)) - Number(isReady(b));
  if (ready !== 0) return ready;
  if (isReady(a)) {
    // Ready more recently -> goes first.
    const since = (readySince(b)?.getTime() ?? 0) - (readySince(a)?.getTime() ?? 0);
    if (since !== 0) return since;
  }
  const restartDiff = restarts(b) - restarts(a);
  if (restartDiff !== 0) return restartDiff;
  const age = time(b.metadata.creationTimestamp) - time(a.metadata.creationTimestamp);
  if (age !== 0) return age;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** The `count` pods to delete, best victims first. */
export function podsToDelete(pods: readonly Pod[], count: number): Pod[] {
  return [...pods].sort(deletionOrder).slice(0, Math.max(0, count));
}
