// The cluster as one scheduling pass sees it: every node with the pods placed on it.
//
// The informer lags behind our own writes: right after we bind a pod, the cache still shows it
// unbound, and the node it took still looks free. So the scheduler "assumes" its binds (as
// Kubernetes' scheduler cache does): it keeps each bound pod as it stored it until the informer
// shows that write (or a later one), and counts the assumed pod on its node meanwhile.
import type { Node, Pod } from "@skiff/api";
import { objectKey } from "../informer/keys.js";
import { nodeInfo } from "./node-info.js";
import { holdsResources } from "./pod-state.js";
import type { NodeInfo } from "./types.js";

/**
 * The pods that hold room on a node, from the informer's pods and the assumed binds; and the
 * assumed pods the informer has caught up with (or that are gone), which can be forgotten.
 */
export function placedPods(cached: readonly Pod[], assumed: ReadonlyMap<string, Pod>): { placed: Pod[]; settled: string[] } {
  const byKey = new Map(cached.map((p) => [objectKey(p), p]));
  const settled: string[] = [];
  for (const [key, pod] of assumed) {
    const seen = byKey.get(key);
    if (!seen || revisionOf(seen) >= revisionOf(pod)) settled.push(key);
    else byKey.set(key, pod); // the informer has not seen our bind yet: count it as we wrote it
  }
  return { placed: [...byKey.values()].filter(holdsResources), settled };
}

/** One NodeInfo per node, by name, with the placed pods on their nodes. */
export function nodeInfos(nodes: readonly Node[], placed: readonly Pod[]): Map<string, NodeInfo> {
  const podsByNode = new Map<string, Pod[]>();
  for (const pod of placed) {
    const name = pod.spec.nodeName ?? "";
    podsByNode.set(name, [...(podsByNode.get(name) ?? []), pod]);
  }
  return new Map(nodes.map((n) => [n.metadata.name, nodeInfo(n, podsByNode.get(n.metadata.name))]));
}

function revisionOf(pod: Pod): number {
  return Number(pod.metadata.resourceVersion ?? 0);
}
