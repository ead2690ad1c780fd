// The Deployment controller's shell: read, claim, plan (deployment-plan.ts), write in one batch.
//
// It writes ReplicaSets (create, resize, delete old history) and its Deployment's annotations
// and status; never pods (the ReplicaSet controller makes those).
//
// Reads come from the store, not the informer cache, for the reason the ReplicaSet controller
// gives: the cache lags our own writes, and a rollout step planned on a stale ReplicaSet would
// scale twice. The writes of one reconcile go in one atomic commit, compare-and-swap on every
// ReplicaSet and on the Deployment: if anything changed since we read it, nothing is written
// and the key is retried from a fresh read.
import { randomUUID } from "node:crypto";
import { AlreadyExistsError, ValidationError, isTerminalPhase, refOf, selectorFromLabelSelector, type Deployment, type Pod, type ReplicaSet } from "@skiff/api";
import type { WriteOp } from "@skiff/store";
import { TerminalError, type ControllerDefinition, type ReconcileContext, type ReconcileResult } from "../framework/controller.js";
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
  const listed = (await ctx.store.list("ReplicaSet", { namespace })).items as ReplicaSet[];
  const claimed = claim(d, listed, (rs) => selector.matches(rs.metadata.labels));
  let owned = claimed.owned;
  if (claimed.adopt.length + claimed.release.length > 0) {
    const stored = (await ctx.store.commit([...claimed.adopt, ...claimed.release].map((object): WriteOp => ({ type: "update", object })))) as ReplicaSet[];
    const byName = new Map(stored.map((rs) => [rs.metadata.name, rs]));
    owned = owned.map((rs) => byName.get(rs.metadata.name) ?? rs);
  }
  const oldPodsSeen = d.spec.strategy?.type === "Recreate" ? await oldPodsExist(ctx, d, owned) : false;
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
async function oldPodsExist(ctx: ReconcileContext, d: Deployment, owned: readonly ReplicaSet[]): Promise<boolean> {
  const oldUids = new Set(splitNewAndOld(d, owned).oldRSs.map((rs) => rs.metadata.uid));
  if (oldUids.size === 0) return false;
  const pods = (await ctx.store.list("Pod", { namespace: d.metadata.namespace })).items as Pod[];
  return pods.some((p) => oldUids.has(controllerOf(p)?.uid) && !isTerminalPhase(p.status?.phase));
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
