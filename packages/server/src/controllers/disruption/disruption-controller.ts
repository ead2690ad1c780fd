// The disruption controller's shell: for each PodDisruptionBudget, count its pods and write its
// status (disruption-plan.ts decides; this reads and writes).
//
//   a budget changes   -> key ns/name
//   a pod changes      -> key ns/name of each budget whose selector matches the pod, as it was
//                         or as it is (found by the budgets' selector index)
//
// A Deployment scaled up or down changes its pods, which brings the budgets round. The budget is
// read from the store (its resourceVersion makes the status write compare-and-swap against an
// eviction's decrement), the pods and their controllers from the caches. Written only when the
// status changed.
import { isDeepStrictEqual } from "node:util";
import type { Deployment, OwnerReference, Pod, PodDisruptionBudget, ReplicaSet, StatefulSet } from "@skiff/api";
import { controllerOf } from "@skiff/api";
import { selectorOf } from "../../informer/indexers.js";
import type { Caches } from "../framework/caches.js";
import type { ControllerDefinition, ReconcileContext, ReconcileResult } from "../framework/controller.js";
import { selectedBy, selecting } from "../framework/lookups.js";
import { keyOf, splitKey } from "../owners.js";
import { planDisruption } from "./disruption-plan.js";
import { expectedPods, type ControllerScale } from "./expected-pods.js";

export const disruptionController: ControllerDefinition = {
  name: "disruption",
  watches: [
    { kind: "PodDisruptionBudget", keysFor: (pdb) => [keyOf(pdb)] },
    { kind: "Pod", keysFor: (pod, caches) => selecting(caches, "PodDisruptionBudget", pod).map(keyOf) },
    // Read through the caches when a budget is counted (expected-pods.ts).
    { kind: "ReplicaSet", keysFor: () => [] },
    { kind: "Deployment", keysFor: () => [] },
    { kind: "StatefulSet", keysFor: () => [] },
  ],
  reconcile: reconcileDisruption,
};

export async function reconcileDisruption(key: string, ctx: ReconcileContext): Promise<ReconcileResult | void> {
  const { namespace = "default", name } = splitKey(key);
  const pdb = (await ctx.store.get({ kind: "PodDisruptionBudget", namespace, name })) as PodDisruptionBudget | undefined;
  if (!pdb || pdb.metadata.deletionTimestamp) return;
  const selector = selectorOf(pdb);
  const pods = selector ? selectedBy<Pod>(ctx.informers, "Pod", namespace, selector) : [];
  const plan = planDisruption({ pdb, pods, expected: () => expectedPods(pods, (ref, ns) => scaleOf(ctx.informers, ref, ns)), now: ctx.now() });
  if (!isDeepStrictEqual(plan.status, pdb.status)) {
    await ctx.store.update({ ...pdb, status: plan.status });
    ctx.log.debug({ pdb: key, allowed: plan.status.disruptionsAllowed, healthy: plan.status.currentHealthy, desired: plan.status.desiredHealthy }, "budget counted");
  }
  return plan.recheckAfterMs !== undefined ? { requeueAfterMs: plan.recheckAfterMs } : undefined;
}

/** The scale behind a pod's controller: a Deployment's through its ReplicaSet, a ReplicaSet's, a StatefulSet's. */
export function scaleOf(caches: Caches, ref: OwnerReference, namespace: string): ControllerScale | undefined {
  const find = <T extends Deployment | ReplicaSet | StatefulSet>(kind: string, r: OwnerReference) =>
    r.kind === kind ? caches.for<T>(kind).get(`${namespace}/${r.name}`) : undefined;
  const scale = (o: Deployment | ReplicaSet | StatefulSet | undefined, uid: string) =>
    o && o.metadata.uid === uid ? { uid, replicas: o.spec?.replicas ?? 1 } : undefined;
  if (ref.kind === "ReplicaSet") {
    const rs = find<ReplicaSet>("ReplicaSet", ref);
    if (!rs || rs.metadata.uid !== ref.uid) return undefined;
    const owner = controllerOf(rs);
    if (owner?.kind === "Deployment") return scale(find<Deployment>("Deployment", owner), owner.uid);
    return scale(rs, ref.uid);
  }
  if (ref.kind === "StatefulSet") return scale(find<StatefulSet>("StatefulSet", ref), ref.uid);
  return undefined;
}
