// Scaling a Deployment (replicas changed), also mid-rollout and while paused (Kubernetes'
// sync.go `scale`). With one active ReplicaSet it simply takes the new size. With several (a
// rollout in flight), the change is shared out in proportion to each one's size, so that a
// rollout that was 30% done stays 30% done (GetProportion):
//
//   share(rs) = round(rs.replicas * (replicas + maxSurge) / rs's max-replicas annotation) - rs.replicas
//   bounded by what is left to add (or remove); any rounding leftover goes to the largest.
import type { ReplicaSet } from "@skiff/api";
import { DESIRED_REPLICAS, MAX_REPLICAS, intAnnotation, maxSurge, replicasOf, specReplicas, sum } from "./replicas.js";
import { allRSs, byCreation, scaleIfNeeded, scaleRS, type Rollout } from "./rollout.js";

const active = (rss: readonly ReplicaSet[]) => rss.filter((rs) => specReplicas(rs) > 0);

/** Did the Deployment's replicas change since it last sized its active ReplicaSets? */
export function isScalingEvent(r: Rollout): boolean {
  return active(allRSs(r)).some((rs) => {
    const desired = intAnnotation(rs, DESIRED_REPLICAS);
    return desired !== undefined && desired !== replicasOf(r.deployment);
  });
}

/** The only active ReplicaSet, or (none active) the new or newest one; undefined when several are active. */
function activeOrLatest(r: Rollout): ReplicaSet | undefined {
  const all = allRSs(r);
  const act = active(all);
  if (act.length === 1) return act[0];
  if (act.length > 1) return undefined;
  return r.newRS ?? [...r.oldRSs].sort(byCreation).at(-1);
}

function isSaturated(r: Rollout): boolean {
  const rs = r.newRS;
  const replicas = replicasOf(r.deployment);
  return !!rs && specReplicas(rs) === replicas && intAnnotation(rs, DESIRED_REPLICAS) === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

export function scale(r: Rollout): void {
  const d = r.deployment;
  const replicas = replicasOf(d);
  const single = activeOrLatest(r);
  if (single) {
    if (specReplicas(single) !== replicas) scaleRS(r, single, replicas);
    return;
  }
  if (isSaturated(r)) {
    for (const rs of r.oldRSs) if (specReplicas(rs) > 0) scaleIfNeeded(r, rs, 0);
    return;
  }
  if ((d.spec.strategy?.type ?? "RollingUpdate") !== "RollingUpdate") return;
  const rss = active(allRSs(r));
  const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowed - sum(rss, specReplicas);
  // Adding: bigger first, newer among equals. Removing: bigger first, older among equals.
  const newer = (a: ReplicaSet, b: ReplicaSet) => (toAdd > 0 ? byCreation(b, a) : byCreation(a, b));
  rss.sort((a, b) => specReplicas(b) - specReplicas(a) || newer(a, b));
  const sizes = new Map<string, number>();
  let added = 0;
  for (const rs of rss) {
    const share = toAdd === 0 ? 0 : proportion(r, rs, toAdd, added);
    sizes.set(rs.metadata.name, specReplicas(rs) + share);
    added += share;
  }
  const first = rss[0];
  if (first && toAdd !== 0) sizes.set(first.metadata.name, Math.max(0, (sizes.get(first.metadata.name) ?? 0) + toAdd - added));
  for (const rs of rss) {
    const current = allRSs(r).find((x) => x.metadata.name === rs.metadata.name) ?? rs;
    scaleRS(r, current, sizes.get(rs.metadata.name) ?? specReplicas(rs));
  }
}

/** Kubernetes' GetProportion: this ReplicaSet's share of `toAdd`, given `added` so far. */
export function proportion(r: Rollout, rs: ReplicaSet, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = fractionOf(r, rs);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function fractionOf(r: Rollout, rs: ReplicaSet): number {
  const d = r.deployment;
  if (replicasOf(d) === 0) return -specReplicas(rs);
  const target = replicasOf(d) + maxSurge(d);
  const base = intAnnotation(rs, MAX_REPLICAS) ?? d.status?.replicas ?? 0;
  if (base === 0) return 0;
  return Math.round((specReplicas(rs) * target) / base) - specReplicas(rs);
}
