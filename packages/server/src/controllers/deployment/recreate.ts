// Recreate (Kubernetes' recreate.go): every old pod goes before any new one starts.
//   1. scale every old ReplicaSet to 0                       -> done for this round
//   2. wait until no old pod is left running (the caller says, from the pods it read)
//   3. create the new ReplicaSet if needed and scale it to replicas
import { replicasOf, specReplicas } from "./replicas.js";
import { scaleIfNeeded, type Rollout } from "./rollout.js";

/** Step 1. True when some old ReplicaSet was scaled down. */
export function scaleDownOld(r: Rollout): boolean {
  let scaled = false;
  for (const rs of r.oldRSs) if (specReplicas(rs) > 0 && scaleIfNeeded(r, rs, 0)) scaled = true;
  return scaled;
}

/** Old pods still there: counted by the old ReplicaSets' status, or seen by the caller. */
export function oldPodsRunning(r: Rollout, oldPodsSeen: boolean): boolean {
  return oldPodsSeen || r.oldRSs.some((rs) => (rs.status?.replicas ?? 0) > 0);
}

/** Step 3. */
export function scaleUpNew(r: Rollout): boolean {
  return r.newRS ? scaleIfNeeded(r, r.newRS, replicasOf(r.deployment)) : false;
}
