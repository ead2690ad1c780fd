// How many pods a budget expects: the sum of the scales of the controllers of its pods, as
// Kubernetes' disruption controller finds them (getExpectedScale). A pod of a ReplicaSet that a
// Deployment owns counts the Deployment's replicas; a StatefulSet's, the StatefulSet's. Pure:
// the controllers are looked up through a function the shell answers from its caches.
import { controllerOf, type OwnerReference, type Pod } from "@skiff/api";

/** A controller and its scale (spec.replicas), keyed by uid so that two pods of one count once. */
export interface ControllerScale {
  uid: string;
  replicas: number;
}

/** The controller `ref` points at in `namespace`, with its scale; undefined when not found or not one that scales. */
export type ScaleLookup = (ref: OwnerReference, namespace: string) => ControllerScale | undefined;

export type ExpectedPods = { count: number } | { error: string };

export function expectedPods(pods: readonly Pod[], lookup: ScaleLookup): ExpectedPods {
  const scales = new Map<string, number>();
  for (const pod of pods) {
    const ref = controllerOf(pod);
    // Kubernetes' words (events NoControllerRef, NoControllers).
    if (!ref) return { error: `found no controller ref for pod "${pod.metadata.name}"` };
    if (scales.has(ref.uid)) continue;
    const found = lookup(ref, pod.metadata.namespace ?? "default");
    if (!found) return { error: `found no controllers for pod "${pod.metadata.name}"` };
    scales.set(found.uid, found.replicas);
  }
  let count = 0;
  for (const replicas of scales.values()) count += replicas;
  return { count };
}
