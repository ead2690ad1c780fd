// The pod garbage collector: the pods of a deleted node go (pod-gc-plan.ts). Keyed by node name:
// a Node deleted, or a pod bound to a node (a pod left from before the node went, seen at start).
// The Node is read from the store, not the cache: a cache that has not yet seen a new node must
// not make its pods look orphaned.
import type { Pod } from "@skiff/api";
import { NotFoundError } from "@skiff/api";
import { NODE_INDEX } from "../../informer/index.js";
import { deleteObject } from "../../objects/deletion.js";
import type { ControllerDefinition, ReconcileContext } from "../framework/controller.js";
import { orphanedPods } from "./pod-gc-plan.js";

export const podGarbageCollector: ControllerDefinition = {
  name: "pod-gc",
  watches: [
    { kind: "Node", keysFor: (node) => [node.metadata.name] },
    { kind: "Pod", keysFor: (pod) => ((pod as Pod).spec?.nodeName ? [(pod as Pod).spec.nodeName as string] : []) },
  ],
  reconcile: reconcileNodePods,
};

export async function reconcileNodePods(nodeName: string, ctx: ReconcileContext): Promise<void> {
  const pods = ctx.informers.for<Pod>("Pod").byIndex(NODE_INDEX, nodeName);
  if (pods.length === 0) return;
  const nodeExists = (await ctx.store.get({ kind: "Node", name: nodeName })) !== undefined;
  for (const pod of orphanedPods(nodeExists, pods, nodeName)) {
    try {
      await deleteObject(ctx.store, pod, { now: ctx.now(), gracePeriodSeconds: 0, nodeExists: false });
    } catch (err) {
      if (err instanceof NotFoundError) continue; // gone already
      throw err; // ConflictError: retried with fresh reads
    }
    ctx.log.info({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, node: nodeName }, "removed a pod of a deleted node");
  }
}
