// Which pods the scheduler cares about. Pure.
import { controllerOf, isTerminalPhase, type Pod } from "@skiff/api";

/** Succeeded or Failed: the pod will never run again and holds no resources. */
export function isTerminal(pod: Pod): boolean {
  return isTerminalPhase(pod.status?.phase);
}

/** Waiting for a node: not bound, not being deleted, not finished. */
export function isPending(pod: Pod): boolean {
  return !pod.spec.nodeName && !pod.metadata.deletionTimestamp && !isTerminal(pod);
}

/** Bound to a node and holding its share of it. */
export function holdsResources(pod: Pod): boolean {
  return !!pod.spec.nodeName && !isTerminal(pod);
}

/** The uid of the pod's controller (its ReplicaSet, StatefulSet...), which spreading groups by. */
export function controllerUid(pod: Pod): string | undefined {
  return (controllerOf(pod) ?? pod.metadata.ownerReferences?.[0])?.uid;
}
