// Old ReplicaSets kept for `rollout undo`: at most revisionHistoryLimit (default 10). Beyond it,
// the oldest revisions go, but only those already at 0 replicas with no pods left (Kubernetes'
// cleanupDeployment).
import type { ReplicaSet } from "@skiff/api";
import { revisionOf, specReplicas } from "./replicas.js";

export function historyToDelete(oldRSs: readonly ReplicaSet[], limit: number): ReplicaSet[] {
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const excess = cleanable.length - limit;
  if (excess <= 0) return [];
  return [...cleanable]
    .sort((a, b) => revisionOf(a) - revisionOf(b) || (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? ""))
    .slice(0, excess)
    .filter((rs) => specReplicas(rs) === 0 && (rs.status?.replicas ?? 0) === 0 && (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0));
}
