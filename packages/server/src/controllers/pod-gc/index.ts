// The pod garbage collector: the pods of a deleted node go (pod-gc-plan.ts). Keyed by node name,
// on the Node's events only: a pod bound to a name no Node ever had is left alone (tests bind
// pods to such names to keep the scheduler away), as is one whose node was deleted while this
// server was down; deleting such a pod removes it at once (deletion.ts finds no node). The Node
// is read from the store, not the cache, so a node deleted and registered again keeps its pods.
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
