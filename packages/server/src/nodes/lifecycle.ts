// The node lifecycle loop: notice silent nodes (NotReady), then fail their pods after the
// eviction timeout so that their controllers replace them on healthy nodes; a StatefulSet's pod
// is marked Terminating instead, and keeps its name until the node is deleted or comes back
// (lifecycle-plan.ts lostPodAction).
//
// Nothing polls. Each node has one timer, set for its next deadline from its last heartbeat (the
// dispatcher's sessions know when each node was last heard). When it fires:
//   heard since          -> set it again for the new deadline (a healthy node costs one wake-up per grace period)
//   silent past grace    -> Ready becomes Unknown; set it for the eviction deadline
//   silent past eviction -> the node is lost: its pods (the node -> pods index) are failed, or
//                           marked Terminating (a StatefulSet's); no timer
// A lost node that comes back is written Ready by the dispatcher; that Node event sets its timer
// again. A pod bound to a lost node later (its event) is failed at once.
import { ConflictError, whenAborted, type Lease, type Node, type Pod } from "@skiff/api";
import type { Store } from "@skiff/store";
import type { SharedInformers } from "../controllers/framework/shared-informers.js";
import { NODE_INDEX, objectKey, type Informer } from "../informer/index.js";
import type { Logger } from "../log.js";
import type { Dispatcher } from "./dispatcher.js";
import type { EventRecorder } from "../events/index.js";
import { backThroughAnotherServer, heartbeatPeriodFor, lostPodWrite, planNode, podsToEvict } from "./lifecycle-plan.js";
import { leaseRenewedAt, NODE_LEASE_NAMESPACE } from "./node-leases.js";

/** After a failed write, the node is looked at again this soon. */
const RETRY_MS = 1_000;

export class NodeLifecycle {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private nodes!: Informer<Node>;
  private pods!: Informer<Pod>;
  /** Node Leases (kube-node-lease) written by the other servers for the sessions they hold (node-leases.ts). */
  private leases: Informer<Lease> | undefined;
  private stopped = false;
  /** When this loop started: no node counts as silent for longer than since then. */
  private startedAt = 0;

  constructor(
    private readonly store: Store,
    private readonly dispatcher: Dispatcher,
    private readonly informers: SharedInformers,
    private readonly log: Logger,
    private readonly clock: () => Date = () => new Date(),
    /** Where a pod failed (or marked Terminating) with its node gets its Event. */
    private readonly events?: EventRecorder,
  ) {}

  async start(signal: AbortSignal): Promise<void> {
    // The server listens before its loops start; its sessions were made earlier still (before
    // certificates, which can take seconds). A restarted server gives every agent its full grace
    // and eviction time from here, from when it could be reached, not from when it began to boot.
    this.startedAt = this.clock().getTime();
    this.nodes = this.informers.for<Node>("Node");
    this.pods = this.informers.for<Pod>("Pod");
    this.leases = this.informers.for<Lease>("Lease");
    await Promise.race([Promise.all([this.nodes.synced, this.pods.synced]), whenAborted(signal)]);
    if (signal.aborted) return;
    const offNodes = this.nodes.on({
      onAdd: (node) => this.arm(node.metadata.name, 0),
      // The dispatcher wrote it Ready again (it came back), or we wrote it NotReady: look again.
      onUpdate: (_old, node) => {
        if (!this.timers.has(node.metadata.name)) this.arm(node.metadata.name, 0);
      },
      onDelete: (node) => this.disarm(node.metadata.name),
    });
    const offPods = this.pods.on({ onAdd: (pod) => this.onPod(pod), onUpdate: (_old, pod) => this.onPod(pod) });
    // A node heard by another server while NotReady here: look at it now, it may be back.
    const offLeases = this.leases.on({ onUpdate: (_old, lease) => this.onNodeLease(lease) });
    await whenAborted(signal);
    this.stopped = true;
    offNodes();
    offPods();
    offLeases();
    for (const name of [...this.timers.keys()]) this.disarm(name);
  }

  /**
   * The heartbeat period `name` keeps: what this server last told it, else (heard elsewhere, or
   * not since a restart) the period for every node of the cluster, which no server's is above.
   */
  private periodOf(name: string): number {
    return this.dispatcher.sessions.periodTold(name) ?? heartbeatPeriodFor(this.dispatcher.config, Math.max(this.nodes.size, this.dispatcher.sessions.size));
  }

  /** Look at `name` in `ms`. */
  private arm(name: string, ms: number): void {
    if (this.stopped) return;
    this.disarm(name);
    const timer = setTimeout(() => {
      this.timers.delete(name);
      void this.check(name);
    }, ms);
    this.timers.set(name, timer);
  }

  private disarm(name: string): void {
    clearTimeout(this.timers.get(name));
    this.timers.delete(name);
  }

  /** One node's deadline came: decide from its last heartbeat, act, and set its next timer. */
  async check(name: string): Promise<void> {
    const node = this.nodes.get(name);
    if (!node) return;
    const now = this.clock();
    try {
      const period = this.periodOf(name);
      let verdict = planNode(node, this.lastHeard(name), now.getTime(), this.dispatcher.config, period);
      // Silent by the cache: the store says last (a Lease the watch has not brought yet, as when an
      // etcd member died under it). A store that cannot answer marks nobody: the catch retries.
      if (verdict.markNotReady || verdict.lost) verdict = planNode(node, Math.max(this.lastHeard(name), await this.leaseInStore(name)), now.getTime(), this.dispatcher.config, period);
      if (backThroughAnotherServer(node, this.storedHeartbeat(name), now.getTime(), this.dispatcher.config, period)) await this.dispatcher.setReady(name, true);
      if (verdict.markNotReady) await this.dispatcher.setReady(name, false);
      if (verdict.lost) for (const pod of podsToEvict(this.pods.byIndex(NODE_INDEX, name))) await this.evict(pod, now);
      if (verdict.recheckInMs !== undefined) this.arm(name, verdict.recheckInMs);
    } catch (err) {
      this.log.warn({ err, node: name }, "node lifecycle step failed; retrying");
      this.arm(name, RETRY_MS);
    }
  }

  /** A pod bound (or updated) on a lost node is failed at once. */
  private onPod(pod: Pod): void {
    const name = pod.spec.nodeName;
    const node = name ? this.nodes.get(name) : undefined;
    if (!name || !node || podsToEvict([pod]).length === 0) return;
    const now = this.clock();
    if (!planNode(node, this.lastHeard(name), now.getTime(), this.dispatcher.config, this.periodOf(name)).lost) return;
    this.evict(pod, now).catch((err: unknown) => this.log.warn({ err, pod: objectKey(pod) }, "could not fail a pod of a lost node; its next event retries"));
  }

  /**
   * The later of this server's heartbeats, another server's (the node's Lease), the moment a
   * server last wrote it Ready (a registration through another server, before its first Lease),
   * and this loop's start.
   */
  private lastHeard(name: string): number {
    return Math.max(this.dispatcher.sessions.lastHeard(name), this.startedAt, this.storedHeartbeat(name), writtenReadyAt(this.nodes.get(name)));
  }

  /** When the node's Lease in the store (not the cache) says another server last heard it, or 0. */
  private async leaseInStore(name: string): Promise<number> {
    return leaseRenewedAt((await this.store.get({ kind: "Lease", namespace: NODE_LEASE_NAMESPACE, name })) as Lease | undefined);
  }

  private storedHeartbeat(name: string): number {
    return leaseRenewedAt(this.leases?.get(`${NODE_LEASE_NAMESPACE}/${name}`));
  }

  private onNodeLease(lease: Lease): void {
    if (lease.metadata.namespace !== NODE_LEASE_NAMESPACE) return;
    const node = this.nodes.get(lease.metadata.name);
    if (node && backThroughAnotherServer(node, leaseRenewedAt(lease), this.clock().getTime(), this.dispatcher.config, this.periodOf(node.metadata.name))) this.arm(node.metadata.name, 0);
  }

  private async evict(pod: Pod, now: Date): Promise<void> {
    const write = lostPodWrite(pod, now);
    if (!write) return;
    try {
      await this.store.update(write);
      const what = write.status?.phase === "Failed" ? "pod failed: its node is lost" : "pod Terminating (it keeps its name until its node is deleted or back): its node is lost";
      this.log.info({ pod: objectKey(pod), node: pod.spec.nodeName }, what);
      // Kubernetes' node lifecycle controller says NodeNotReady on each pod it marks.
      this.events?.record(pod, "Warning", "NodeNotReady", `Node ${pod.spec.nodeName} is unresponsive: ${write.status?.phase === "Failed" ? "pod failed (NodeLost); its controller replaces it" : "pod marked for deletion; it keeps its name until the node is deleted or back"}`);
    } catch (err) {
      // Changed meanwhile: its event brings it back here (onPod) if it still needs failing.
      if (!(err instanceof ConflictError)) throw err;
    }
  }
}

/** When a server last wrote the node Ready (its Ready condition's heartbeat time); 0 when not Ready. */
export function writtenReadyAt(node: Node | undefined): number {
  const ready = node?.status?.conditions?.find((c) => c.type === "Ready");
  if (ready?.status !== "True") return 0;
  const at = Date.parse(ready.lastHeartbeatTime ?? "");
  return Number.isFinite(at) ? at : 0;
}
