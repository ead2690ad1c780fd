// The working state of one Deployment reconcile: the Deployment, its new ReplicaSet and the
// old ones, as copies the plan steps change, plus what changed and the events to record.
// The steps (rolling.ts, recreate.ts, scale.ts...) are plain functions over a Rollout; the plan
// (deployment-plan.ts) turns the finished Rollout into writes. Nothing here touches the store.
import type { Deployment, ReplicaSet } from "@skiff/api";
import { DESIRED_REPLICAS, MAX_REPLICAS, maxSurge, replicasOf, specReplicas } from "./replicas.js";

export interface PlannedEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

export interface Rollout {
  readonly now: Date;
  /** A copy: steps may change its annotations and status. */
  deployment: Deployment;
  /** The ReplicaSet whose template is the Deployment's, if there is one yet. */
  newRS?: ReplicaSet;
  /** Every other ReplicaSet, oldest first. */
  oldRSs: ReplicaSet[];
  /** Set when newRS is to be created (rather than updated). */
  created?: ReplicaSet;
  /** Names of existing ReplicaSets the steps changed. */
  changed: Set<string>;
  /** Old ReplicaSets to delete (history limit). */
  deleted: ReplicaSet[];
  events: PlannedEvent[];
}

export function allRSs(r: Rollout): ReplicaSet[] {
  return r.newRS ? [r.newRS, ...r.oldRSs] : [...r.oldRSs];
}

/** Replace `rs` (by name) with `next` wherever the rollout holds it, and mark it changed. */
function put(r: Rollout, next: ReplicaSet): ReplicaSet {
  const name = next.metadata.name;
  if (r.newRS?.metadata.name === name) r.newRS = next;
  r.oldRSs = r.oldRSs.map((rs) => (rs.metadata.name === name ? next : rs));
  if (r.created?.metadata.name === name) r.created = next;
  else r.changed.add(name);
  return next;
}

export function updateRS(r: Rollout, rs: ReplicaSet, change: (copy: ReplicaSet) => void): ReplicaSet {
  const copy = structuredClone(rs);
  change(copy);
  return put(r, copy);
}

/**
 * Size `rs` to `size` and stamp the Deployment's current replicas and replicas+surge on it
 * (Kubernetes' scaleReplicaSet). A change of size bumps the generation, as the API server does
 * for any spec change, and records "Scaled up/down replica set X to N".
 */
export function scaleRS(r: Rollout, rs: ReplicaSet, size: number): ReplicaSet {
  const d = r.deployment;
  const desired = String(replicasOf(d));
  const max = String(replicasOf(d) + maxSurge(d));
  const sizeChanges = specReplicas(rs) !== size;
  const ann = rs.metadata.annotations ?? {};
  if (!sizeChanges && ann[DESIRED_REPLICAS] === desired && ann[MAX_REPLICAS] === max) return rs;
  const direction = size > specReplicas(rs) ? "up" : "down";
  const next = updateRS(r, rs, (copy) => {
    copy.metadata.annotations = { ...copy.metadata.annotations, [DESIRED_REPLICAS]: desired, [MAX_REPLICAS]: max };
    if (sizeChanges) {
      copy.spec.replicas = size;
      if (r.created?.metadata.name !== rs.metadata.name) copy.metadata.generation = (copy.metadata.generation ?? 0) + 1;
    }
  });
  if (sizeChanges) r.events.push({ type: "Normal", reason: "ScalingReplicaSet", message: `Scaled ${direction} replica set ${rs.metadata.name} to ${size}` });
  return next;
}

/** Scale only when the size changes (Kubernetes' scaleReplicaSetAndRecordEvent). */
export function scaleIfNeeded(r: Rollout, rs: ReplicaSet, size: number): boolean {
  if (specReplicas(rs) === size) return false;
  scaleRS(r, rs, size);
  return true;
}

const created = (rs: ReplicaSet) => Date.parse(rs.metadata.creationTimestamp ?? "") || 0;

/** Oldest first; the name breaks ties so the order is total. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  return created(a) - created(b) || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);
}
