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
  /** The NodeInfos in node name order, as schedule() walks them; undefined when a node came or went. */
  private ordered: NodeInfo[] | undefined;
  /** Where each node sits in `ordered`. */
  private readonly position = new Map<string, number>();
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
    // The informer may now show one of our binds: settled here, per event, never by walking them all.
    const any = pod ?? old;
    if (any) this.settle(objectKey(any));
  }

  /** We bound this pod and the informer has not shown that bind yet. */
  isAssumed(key: string): boolean {
    this.settle(key);
    return this.assumed.has(key);
  }

  /**
   * We are binding `pod` (its write may not be stored yet): count it on its node now, so that the
   * next decision, made before the write comes back, cannot take the same room. Until confirm()
   * gives it the stored version, no version the informer shows settles it.
   */
  assume(pod: Pod): void {
    const name = pod.spec.nodeName ?? "";
    this.assumed.set(objectKey(pod), { ...pod, metadata: { ...pod.metadata, resourceVersion: String(Number.MAX_SAFE_INTEGER) } });
    const info = this.infos.get(name);
    if (info) this.put(name, withPod(info, pod));
  }

  /** The bind assumed for this pod is stored, as `stored`: it settles once the informer shows that version. */
  confirm(stored: Pod): void {
    const key = objectKey(stored);
    if (!this.assumed.has(key)) return;
    this.assumed.set(key, stored);
    this.settle(key); // the informer may have shown it already
  }

  /** The bind assumed for this pod failed: stop counting it (its node is counted again at the next refresh). */
  forget(key: string): void {
    const pod = this.assumed.get(key);
    if (!pod) return;
    this.assumed.delete(key);
    if (pod.spec.nodeName) this.dirty.add(pod.spec.nodeName);
  }

  /** refresh(), as an array in node name order (kept between passes, not copied per pod). Read-only. */
  refreshOrdered(): readonly NodeInfo[] {
    this.refresh();
    if (!this.ordered) {
      this.ordered = [...this.infos.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      this.position.clear();
      this.ordered.forEach((info, i) => this.position.set(info.name, i));
    }
    return this.ordered;
  }

  /** Bring the marked nodes up to date; the NodeInfos by node name. Read-only for the caller. */
  refresh(): ReadonlyMap<string, NodeInfo> {
    if (this.all) {
      this.all = false;
      this.dirty.clear();
      this.infos.clear();
      this.ordered = undefined;
      for (const node of this.source.nodes.list()) this.infos.set(node.metadata.name, this.build(node));
      return this.infos;
    }
    for (const name of this.dirty) {
      const node = this.source.nodes.get(name);
      if (node) this.put(name, this.build(node));
      else if (this.infos.delete(name)) this.ordered = undefined;
    }
    this.dirty.clear();
    return this.infos;
  }

  /** Set a node's info; the ordered array follows (in place for a known node, rebuilt for a new one). */
  private put(name: string, info: NodeInfo): void {
    const old = this.infos.get(name);
    this.infos.set(name, info);
    if (!old) this.ordered = undefined;
    else if (this.ordered) {
      const i = this.position.get(name);
      if (i !== undefined) this.ordered[i] = info;
      else this.ordered = undefined;
    }
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
