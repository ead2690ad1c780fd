// RollingUpdate (Kubernetes' rolling.go): one step per reconcile, each bounded so that
//   - all ReplicaSets' replicas together never exceed replicas + maxSurge, and
//   - available pods never drop below replicas - maxUnavailable because of a scale-down.
//
//   1. scale the new ReplicaSet up, as far as the surge allows        -> done for this round
//   2. else scale old ReplicaSets down: first their unavailable pods
//      (they serve nothing), then available ones above the minimum    -> done for this round
// The next round starts when the ReplicaSets' statuses move (new pods become available).
import type { Deployment, ReplicaSet } from "@skiff/api";
import { available, maxSurge, maxUnavailable, replicasOf, specReplicas, sum } from "./replicas.js";
import { allRSs, byCreation, scaleIfNeeded, type Rollout } from "./rollout.js";

/** How big the new ReplicaSet may be now (Kubernetes' NewRSNewReplicas). */
export function newReplicasFor(d: Deployment, oldRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined): number {
  const replicas = replicasOf(d);
  if ((d.spec.strategy?.type ?? "RollingUpdate") === "Recreate") return replicas;
  const current = sum(oldRSs, specReplicas) + (newRS ? specReplicas(newRS) : 0);
  const maxTotal = replicas + maxSurge(d);
  if (current >= maxTotal) return newRS ? specReplicas(newRS) : 0;
  const room = maxTotal - current;
  const newSize = newRS ? specReplicas(newRS) : 0;
  return newSize + Math.max(0, Math.min(room, replicas - newSize));
}

/** Step 1. True when the new ReplicaSet was resized. */
export function reconcileNewRS(r: Rollout): boolean {
  const rs = r.newRS;
  if (!rs) return false;
  const replicas = replicasOf(r.deployment);
  if (specReplicas(rs) === replicas) return false;
  if (specReplicas(rs) > replicas) return scaleIfNeeded(r, rs, replicas);
  return scaleIfNeeded(r, rs, newReplicasFor(r.deployment, r.oldRSs, rs));
}

/** Step 2. True when an old ReplicaSet was scaled down. */
export function reconcileOldRSs(r: Rollout): boolean {
  if (sum(r.oldRSs, specReplicas) === 0) return false;
  const d = r.deployment;
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = r.newRS ? Math.max(0, specReplicas(r.newRS) - available(r.newRS)) : 0;
  // Pods we may remove without going under minAvailable, counting the new ReplicaSet's
  // not-yet-available pods as the ones that would be missing.
  const maxScaledDown = sum(allRSs(r), specReplicas) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthy(r, maxScaledDown);
  const scaled = scaleDownAvailable(r, minAvailable);
  return cleaned + scaled > 0;
}

/** Old ReplicaSets' unavailable pods go first: removing them costs no availability. */
function cleanupUnhealthy(r: Rollout, maxCleanup: number): number {
  let total = 0;
  for (const rs of [...r.oldRSs].sort(byCreation)) {
    if (total >= maxCleanup) break;
    const size = specReplicas(rs);
    if (size === 0) continue;
    const unhealthy = size - available(rs);
    if (unhealthy <= 0) continue;
    const count = Math.min(maxCleanup - total, unhealthy);
    scaleIfNeeded(r, rs, size - count);
    total += count;
  }
  return total;
}

/** Then available pods of old ReplicaSets, oldest first, down to minAvailable in all. */
function scaleDownAvailable(r: Rollout, minAvailable: number): number {
  const availableNow = sum(allRSs(r), available);
  if (availableNow <= minAvailable) return 0;
  const budget = availableNow - minAvailable;
  let total = 0;
  for (const rs of [...r.oldRSs].sort(byCreation)) {
    if (total >= budget) break;
    const size = specReplicas(rs);
    if (size === 0) continue;
    const count = Math.min(size, budget - total);
    scaleIfNeeded(r, rs, size - count);
    total += count;
  }
  return total;
}
