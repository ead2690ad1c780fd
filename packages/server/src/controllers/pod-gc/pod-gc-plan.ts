// Which pods the pod garbage collector removes (Kubernetes' PodGC, gcOrphaned). Pure.
//
// A pod bound to a node that no longer exists has nobody to stop it or to say that it stopped:
// a Terminating pod there would stay for ever, and a StatefulSet would never get its name back.
// Deleting the Node (`skiff delete node`) is how a person says "that machine is gone, and what ran
// on it with it": its pods are removed at once (grace 0), and their controllers replace them.
import type { Pod } from "@skiff/api";

/** The pods bound to `nodeName` to remove: all of them when the node is gone, else none. */
export function orphanedPods(nodeExists: boolean, pods: readonly Pod[], nodeName: string): Pod[] {
  if (nodeExists) return [];
  return pods.filter((p) => p.spec.nodeName === nodeName);
}
