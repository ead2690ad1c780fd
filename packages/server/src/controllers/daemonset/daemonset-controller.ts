// The DaemonSet controller's shell: read the DaemonSet, the nodes and its pods, ask the plan
// (daemonset-plan.ts), write the difference in one atomic batch, record events.
//
// Watches: its DaemonSets; its pods (by owner reference); and the nodes. A node that joins,
// turns Ready, changes its labels or taints, or leaves brings back every DaemonSet, as in
// Kubernetes (addNode/updateNode/deleteNode): any of them may want that node. That costs the
// number of DaemonSets per node event (nodes write only on such changes; heartbeats write nothing),
// never a walk of the pods. A reconcile reads every node, which is what "one pod per node" means,
// and the DaemonSet's pods by the owner-uid index.
//
// History: one ControllerRevision per template (history.ts), created, renumbered and pruned in the
// same batch, so `rollout undo` can go back.
//
// One batch: new pods, deleted pods, revisions and the status in one `commit`, with compare-and-swap on
// the DaemonSet, so a crash never leaves pods the status does not count. More pods than fit one
// etcd transaction go in several passes (batchThatFits). The framework waits
// for the caches to show this controller's own writes before each reconcile (own-writes.ts), so a
// new pod is never made twice for one node.
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { AlreadyExistsError, CONTROLLER_REVISION_HASH_LABEL, ConflictError, NotFoundError, refOf, type ControllerRevision, type DaemonSet, type Node, type Pod } from "@skiff/api";
import type { WriteOp } from "@skiff/store";
import { batchThatFits } from "../framework/fit-one-commit.js";
import type { ControllerDefinition, ReconcileContext, ReconcileResult } from "../framework/controller.js";
import { ownedBy } from "../framework/lookups.js";
import { isControlledBy, keyOf, ownerKeys, splitKey } from "../owners.js";
import { planDaemonSet } from "./daemonset-plan.js";
import { planHistory } from "../framework/revision-history.js";
import { daemonPodName, podForDaemonSet } from "./pod-template.js";
import { templateHash } from "./revision.js";

export const daemonSetController: ControllerDefinition = {
  name: "daemonset",
  watches: [
    { kind: "DaemonSet", keysFor: (ds) => [keyOf(ds)] },
    { kind: "Pod", keysFor: ownerKeys("DaemonSet") },
    { kind: "ControllerRevision", keysFor: ownerKeys("DaemonSet") },
    { kind: "Node", keysFor: (_node, caches) => caches.for("DaemonSet").list().map(keyOf) },
  ],
  reconcile: reconcileDaemonSet,
};

export async function reconcileDaemonSet(key: string, ctx: ReconcileContext): Promise<ReconcileResult | void> {
  const { namespace, name } = splitKey(key);
  const ds = (await ctx.store.get({ kind: "DaemonSet", namespace, name })) as DaemonSet | undefined;
  if (!ds || ds.metadata.deletionTimestamp) return; // its pods go with it (garbage collector)
  const nodes = ctx.informers.for<Node>("Node").list();
  const pods = ownedBy<Pod>(ctx.informers, "Pod", ds.metadata.uid).filter((p) => isControlledBy(p, ds));
  const hash = templateHash(ds.spec.template);
  const now = ctx.now();
  const plan = planDaemonSet(ds, nodes, pods, hash, now);
  const revisions = ownedBy<ControllerRevision>(ctx.informers, "ControllerRevision", ds.metadata.uid).filter((r) => isControlledBy(r, ds));
  const live = new Set(pods.flatMap((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? []));
  const history = planHistory(ds, revisions, hash, live, now);

  const made = plan.create.map((want) => podForDaemonSet(ds, want, hash, daemonPodName(ds), randomUUID(), now));
  const others: WriteOp[] = [
    ...(history.create ? [{ type: "create", object: { ...history.create, metadata: { ...history.create.metadata, uid: randomUUID() } } } as WriteOp] : []),
    ...history.update.map((object): WriteOp => ({ type: "update", object })),
    ...history.delete.map((r): WriteOp => ({ type: "delete", ref: refOf(r) })),
  ];
  if (!isDeepStrictEqual(ds.status, plan.status)) others.push({ type: "update", object: { ...ds, status: plan.status } });
  const { created, deleted, ops } = batchThatFits(made, plan.delete, others);
  if (ops.length > 0) {
    try {
      await ctx.store.commit(ops);
    } catch (err) {
      if (created.length > 0 && !(err instanceof ConflictError) && !(err instanceof NotFoundError)) {
        const message = err instanceof AlreadyExistsError ? `pod name taken: ${err.message}` : (err as Error).message;
        ctx.events.record(ds, "Warning", "FailedCreate", `Error creating: ${message}`);
      }
      throw err;
    }
  }
  for (const e of plan.events) ctx.events.record(ds, e.type, e.reason, e.message);
  for (const pod of created) ctx.events.record(ds, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name}`);
  for (const pod of deleted) ctx.events.record(ds, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`);
  if (created.length || deleted.length) {
    ctx.log.info({ daemonset: key, created: created.map((p) => p.spec.nodeName), deleted: deleted.map((p) => p.metadata.name) }, "daemonset synced");
  }
  // +50 ms: wake just past the deadline, never just before it.
  return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs + 50 } : undefined;
}
