// Which changes matter to the scheduler. Each one costs a scheduling pass, and nodes report
// status often (heartbeats), so only changes that can let a waiting pod fit wake the parked pods.
import type { Node, Pod } from "@skiff/api";
import { allocatableOf, isNodeReady } from "./node-info.js";
import { holdsResources, isPending } from "./pod-state.js";

/** A pending pod needs a (new) try: it just became pending, or what the filters read changed. */
export function podNeedsScheduling(old: Pod | undefined, pod: Pod): boolean {
  if (!isPending(pod)) return false;
  if (!old || !isPending(old)) return true;
  // Our own status writes (PodScheduled False) change neither: that is what stops a write loop.
  return !sameJson(old.spec, pod.spec) || !sameJson(old.metadata.labels, pod.metadata.labels);
}

/** The pod stopped holding room on its node (deleted, finished, unbound). */
export function podFreedRoom(old: Pod, pod: Pod | undefined): boolean {
  return holdsResources(old) && (!pod || !holdsResources(pod));
}

/** The node may now take a pod it could not before (or refuse one it could: the message changes). */
export function nodeChanged(old: Node, node: Node): boolean {
  return (
    isNodeReady(old) !== isNodeReady(node) ||
    !sameJson(old.spec, node.spec) ||
    !sameJson(old.metadata.labels, node.metadata.labels) ||
    !sameJson(allocatableOf(old), allocatableOf(node))
  );
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
