// Taking a node out of service, as kubectl does: cordon (spec.unschedulable, so the scheduler
// places nothing new there), then drain (delete the pods bound to it, so their controllers
// recreate them elsewhere). `planDrain` is the pure part: which pods go, which are refused.
import { controllerOf, isTerminalPhase, kindInfo, type Node, type Pod } from "@skiff/api";
import { retryOnConflict, type SkiffClient } from "@skiff/client";
import { rethrowNotFound } from "./kinds.js";

/**
 * Set or clear spec.unschedulable: a read-modify-write that starts again when someone else
 * (an agent's status, another user) wrote the node in between. False when it was already so.
 */
export async function setUnschedulable(client: SkiffClient, name: string, unschedulable: boolean): Promise<boolean> {
  const info = kindInfo("Node");
  if (!info) throw new Error("the Node kind is not registered");
  return retryOnConflict(async () => {
    const node: Node = await client.nodes.get(name).catch(rethrowNotFound(info, name));
    if (Boolean(node.spec?.unschedulable) === unschedulable) return false;
    const { unschedulable: _old, ...spec } = node.spec ?? {};
    await client.nodes.update({ ...node, spec: unschedulable ? { ...spec, unschedulable: true } : spec });
    return true;
  });
}

export interface DrainPlan {
  /** The pods bound to the node that are deleted, in namespace/name order (not the DaemonSets'). */
  pods: Pod[];
  /**
   * Pods a DaemonSet controls: deleting one is pointless (its DaemonSet makes it again on this node,
   * which it tolerates while cordoned), so kubectl refuses to drain without --ignore-daemonsets,
   * and with it leaves them running.
   */
  daemonSetPods: Pod[];
  /** Running pods nothing would recreate (no controller ownerReference): refused without --force. */
  unmanaged: Pod[];
}

export function planDrain(allPods: readonly Pod[], nodeName: string): DrainPlan {
  const bound = allPods.filter((p) => p.spec?.nodeName === nodeName).sort((a, b) => podKey(a).localeCompare(podKey(b)));
  const daemon = (p: Pod) => controllerOf(p)?.kind === "DaemonSet" && !isTerminalPhase(p.status?.phase);
  const pods = bound.filter((p) => !daemon(p));
  // A finished pod is safe to delete: nothing is lost that is still running.
  const unmanaged = pods.filter((p) => !controllerOf(p) && !isTerminalPhase(p.status?.phase));
  return { pods, daemonSetPods: bound.filter(daemon), unmanaged };
}

/** `default/web`, as kubectl names pods in drain's messages. */
export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? "default"}/${pod.metadata.name}`;
}
