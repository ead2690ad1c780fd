// The cluster as a scheduling pass sees it: every node with the pods placed on it, kept up to
// date incrementally. An event marks the nodes it touches (the node itself, or the node a pod is
// or was bound to); a pass rebuilds only those, each from the node -> pods index. The whole
// cluster is walked once, at the first pass.
//
// The informer lags behind our own writes: right after we bind a pod, the cache still shows it
// unbound, and the node it took still looks free. So the scheduler "assumes" its binds (as
// Kubernetes' scheduler cache does): it keeps each bound pod as it stored it until the informer
// shows that write (or a later one), and counts the assumed pod on its node meanwhile.
import type { Node, Pod } from "@skiff/api";
import { NODE_INDEX } from "../informer/indexers.js";
import { objectKey } from "../informer/keys.js";
import { nodeInfo, withPod } from "./node-info.js";
import { holdsResources } from "./pod-state.js";
import type { NodeInfo } from "./types.js";

/** What the snapshot reads of the caches. */
export interface SnapshotSource {
  nodes: { get(name: string): Node | undefined; list(): Node[] };
  pods: { get(key: string): Pod | undefined; byIndex(index: string, value: string): Pod[] };
}

export class Snapshot {
  private readonly infos = new Map<string, NodeInfo>();
  private readonly dirty = new Set<string>();
  private all = true;
  /** Pods we bound that the pod informer has not shown bound yet, by key. */
  private readonly assumed = new Map<string, Pod>();

  constructor(private readonly source: SnapshotSource) {}

  /** A node was added, changed or deleted. */
  nodeChanged(name: string): void {
    this.dirty.add(name);
  }

  /** A pod was added, changed or deleted: its node (before and after) must be counted again. */
  podChanged(old: Pod | undefined, pod: Pod | undefined): void {
    if (old?.spec.nodeName) this.dirty.add(old.spec.nodeName);
    if (pod?.spec.nodeName) this.dirty.add(pod.spec.nodeName);
  }

  /** We bound this pod and the informer has not shown that bind yet. */
  isAssumed(key: string): boolean {
    this.settle(key);
    return this.assumed.has(key);
  }

  /** We bound `pod` (as stored): count it on its node now, before the informer shows it. */
  assume(pod: Pod): void {
    const name = pod.spec.nodeName ?? "";
    this.assumed.set(objectKey(pod), pod);
    const info = this.infos.get(name);
    if (info) this.infos.set(name, withPod(info, pod));
  }

  /** Bring the marked nodes up to date; the NodeInfos by node name. Read-only for the caller. */
  refresh(): ReadonlyMap<string, NodeInfo> {
    for (const key of this.assumed.keys()) this.settle(key);
    if (this.all) {
      this.all = false;
      this.dirty.clear();
      this.infos.clear();
      for (const node of this.source.nodes.list()) this.infos.set(node.metadata.name, this.build(node));
      return this.infos;
    }
    for (const name of this.dirty) {
      const node = this.source.nodes.get(name);
      if (node) this.infos.set(name, this.build(node));
      else this.infos.delete(name);
    }
    this.dirty.clear();
    return this.infos;
  }

  /** Forget an assumed bind once the informer shows it (its event marked the node), or a later
   * version of the pod (a namesake created since), or no pod at all. */
  private settle(key: string): void {
    const pod = this.assumed.get(key);
    if (!pod) return;
    const seen = this.source.pods.get(key);
    if (!seen || revisionOf(seen) >= revisionOf(pod)) this.assumed.delete(key);
  }

  /** The node with the pods holding room on it: the informer's (from the node index) and our assumed binds. */
  private build(node: Node): NodeInfo {
    const name = node.metadata.name;
    const placed = this.source.pods.byIndex(NODE_INDEX, name).filter((p) => holdsResources(p) && !this.assumed.has(objectKey(p)));
    for (const pod of this.assumed.values()) if (pod.spec.nodeName === name) placed.push(pod);
    return nodeInfo(node, placed);
  }
}

function revisionOf(pod: Pod): number {
  return Number(pod.metadata.resourceVersion ?? 0);
}
