// The Deployment controller's shell: read, claim, plan (deployment-plan.ts), write in one batch.
//
// It writes ReplicaSets (create, resize, delete old history) and its Deployment's annotations
// and status; never pods (the ReplicaSet controller makes those).
//
// The Deployment is read from the store; its ReplicaSets and their pods from the caches, by index
// (owner uid, label), after the framework has waited for the caches to show this controller's own
// writes (a rollout step planned on a ReplicaSet we had just resized but did not see resized would
// scale twice). The writes of one reconcile go in one atomic commit, compare-and-swap on every
// ReplicaSet and on the Deployment: if anything changed since we read it, nothing is written and
// the key is retried from a fresh read.
//
// A Recreate rollout waits for the old pods to go: their events wake the Deployment (through
// their ReplicaSet), so it never polls.
import { randomUUID } from "node:crypto";
import { AlreadyExistsError, ValidationError, isTerminalPhase, refOf, selectorFromLabelSelector, type ApiObject, type Deployment, type Pod, type ReplicaSet } from "@skiff/api";
import type { WriteOp } from "@skiff/store";
import type { Caches } from "../framework/caches.js";
import { TerminalError, type ControllerDefinition, type ReconcileContext, type ReconcileResult } from "../framework/controller.js";
import { ownedBy, selectedBy, union } from "../framework/lookups.js";
import { controllerOf, keyOf, ownerKeys, splitKey } from "../owners.js";
import { claim } from "../replicaset/claim.js";
import { equalIgnoringHash } from "./hash.js";
import { planDeployment, type DeploymentPlan } from "./deployment-plan.js";
import { splitNewAndOld } from "./new-replicaset.js";

export const deploymentController: ControllerDefinition = {
  name: "deployment",
  watches: [
    { kind: "Deployment", keysFor: (d) => [keyOf(d)] },
    // A ReplicaSet's status moving (pods ready, available, gone) is what advances a rollout.
    { kind: "ReplicaSet", keysFor: ownerKeys("Deployment") },
    // An old pod going (or finishing) is what lets a Recreate rollout start the new pods.
    { kind: "Pod", keysFor: recreateKeys },
  ],
  reconcile: reconcileDeployment,
};

export async function reconcileDeployment(key: string, ctx: ReconcileContext): Promise<ReconcileResult | void> {
  const { namespace, name } = splitKey(key);
  const d = (await ctx.store.get({ kind: "Deployment", namespace, name })) as Deployment | undefined;
  if (!d) return;
  let selector;
  try {
    selector = selectorFromLabelSelector(d.spec.selector);
  } catch (err) {
    if (err instanceof ValidationError) throw new TerminalError(`Deployment ${key}: ${err.message}`, { cause: err });
    throw err;
  }
  if (selector.isEmpty()) {
    // Kubernetes refuses too: it would take every ReplicaSet and pod of the namespace.
    ctx.events.record(d, "Warning", "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
    return;
  }
  const listed = union(ownedBy<ReplicaSet>(ctx.informers, "ReplicaSet", d.metadata.uid), selectedBy<ReplicaSet>(ctx.informers, "ReplicaSet", namespace, selector));
  const claimed = claim(d, listed, (rs) => selector.matches(rs.metadata.labels));
  let owned = claimed.owned;
  if (claimed.adopt.length + claimed.release.length > 0) {
    const stored = (await ctx.store.commit([...claimed.adopt, ...claimed.release].map((object): WriteOp => ({ type: "update", object })))) as ReplicaSet[];
    const byName = new Map(stored.map((rs) => [rs.metadata.name, rs]));
    owned = owned.map((rs) => byName.get(rs.metadata.name) ?? rs);
  }
  const oldPodsSeen = d.spec.strategy?.type === "Recreate" ? oldPodsExist(ctx.informers, d, owned) : false;
  const plan = planDeployment({ deployment: d, replicaSets: owned, oldPodsSeen, now: ctx.now(), newUid: randomUUID });
  const ops: WriteOp[] = [
    ...(plan.create ? [{ type: "create", object: plan.create } as WriteOp] : []),
    ...plan.update.map((object): WriteOp => ({ type: "update", object })),
    ...plan.delete.map((rs): WriteOp => ({ type: "delete", ref: refOf(rs), resourceVersion: rs.metadata.resourceVersion })),
    ...(plan.deployment ? [{ type: "update", object: plan.deployment } as WriteOp] : []),
  ];
  try {
    if (ops.length > 0) await ctx.store.commit(ops);
  } catch (err) {
    if (err instanceof AlreadyExistsError && plan.create) await onNameTaken(ctx, d, plan.create);
    throw err;
  }
  record(ctx, d, plan);
  return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs } : undefined;
}

/** Pods of the old ReplicaSets that are not finished (Recreate starts nothing before they go). */
function oldPodsExist(caches: Caches, d: Deployment, owned: readonly ReplicaSet[]): boolean {
  return splitNewAndOld(d, owned).oldRSs.some((rs) =>
    ownedBy<Pod>(caches, "Pod", rs.metadata.uid).some((p) => controllerOf(p)?.uid === rs.metadata.uid && !isTerminalPhase(p.status?.phase)),
  );
}

/** A pod of a ReplicaSet of a Recreate Deployment: that Deployment's key (it may be waiting for the pod to go). */
function recreateKeys(pod: ApiObject, caches: Caches): string[] {
  const rsRef = controllerOf(pod);
  if (rsRef?.kind !== "ReplicaSet") return [];
  const rs = caches.for<ReplicaSet>("ReplicaSet").get(`${pod.metadata.namespace ?? ""}/${rsRef.name}`);
  const dRef = rs && controllerOf(rs);
  if (dRef?.kind !== "Deployment") return [];
  const key = `${pod.metadata.namespace ?? ""}/${dRef.name}`;
  return caches.for<Deployment>("Deployment").get(key)?.spec.strategy?.type === "Recreate" ? [key] : [];
}

/**
 * The new ReplicaSet's name `<deployment>-<hash>` is taken by one that is not ours or has
 * another template: a hash collision. Count it in status.collisionCount, which goes into the
 * next hash (Kubernetes does the same); the retry then picks another name.
 */
async function onNameTaken(ctx: ReconcileContext, d: Deployment, wanted: ReplicaSet): Promise<void> {
  const existing = (await ctx.store.get(refOf(wanted))) as ReplicaSet | undefined;
  if (!existing) return;
  const same = controllerOf(existing)?.uid === d.metadata.uid && equalIgnoringHash(existing.spec.template, d.spec.template);
  if (same) return;
  const collisionCount = (d.status?.collisionCount ?? 0) + 1;
  await ctx.store.update({ ...d, status: { ...d.status, collisionCount } });
  ctx.log.warn({ deployment: keyOf(d), replicaSet: wanted.metadata.name, collisionCount }, "replica set name taken; trying another hash");
}

function record(ctx: ReconcileContext, d: Deployment, plan: DeploymentPlan): void {
  for (const e of plan.events) ctx.events.record(d, e.type, e.reason, e.message);
  for (const rs of plan.delete) ctx.log.info({ deployment: keyOf(d), replicaSet: rs.metadata.name }, "old replica set deleted (history limit)");
}
