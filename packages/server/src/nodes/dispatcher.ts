// The server's side of the node protocol (SwarmKit calls it the dispatcher): registrations,
// heartbeats, pod status reports. Assignments streams live in assignments-stream.ts.
import { randomUUID } from "node:crypto";
import { ValidationError, type TraceStep, isDns1123Subdomain, type FieldIssue, type Node, type Pod, type PodStatus } from "@skiff/api";
import type { Store } from "@skiff/store";
import type { Logger } from "../log.js";
import type { EventRecorder } from "../events/index.js";
import { heartbeatPeriodFor, type LifecycleConfig } from "./lifecycle-plan.js";
import { guardAllocations, commitGuarded, retryAllocation, type AllocationGuard } from "../objects/allocation-record.js";
import { isReady, registeredNode, withReady, type Registration } from "./node-object.js";
import { heldNodeIndex, lowestFreeNodeIndex, withNodeIndex } from "./node-index.js";
import { clusterNetwork, type ClusterNetwork } from "./cluster-network.js";
import { readReportedStatus } from "./pod-status.js";
import { StatusWriter, retryConflicts, type ValidReport } from "./status-writer.js";
import { Sessions, type Session } from "./sessions.js";
import { UsageStore } from "./usage.js";
import type { NodeUsage__Output as NodeUsage } from "@skiff/proto";
import type { ServerMetrics } from "../metrics/server-metrics.js";
import { TraceRing } from "../trace/trace-ring.js";

export interface StatusReport {
  namespace: string;
  name: string;
  uid: string;
  /** The PodStatus as the agent sent it: JSON, not yet checked. */
  statusJson: string;
  /** The pod is being deleted and its containers have all stopped (the server may remove it). */
  containersStopped?: boolean;
}

/** What the dispatcher reads of the Pod informer (`namespace/name` keys; objects shared, never mutated). */
export interface PodCache {
  get(key: string): Pod | undefined;
  hasSynced(): boolean;
}

export interface AgentEvent {
  namespace: string;
  pod: string;
  uid: string;
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

export class Dispatcher {
  readonly sessions: Sessions;
  /** The latest usage each node reported with its heartbeats (`skiff top`, metrics.k8s.io). */
  readonly usage: UsageStore;
  /** The steps of `skiff trace` this server keeps: its own and those its agents report. */
  readonly trace = new TraceRing();
  /** Nodes last written as not Ready, so a heartbeat knows when it must write Ready again. */
  private readonly notReady = new Set<string>();
  /** Status reports refused since start (broken: an agent's bug), each logged, none stored. */
  private refused = 0;
  private readonly statuses: StatusWriter;
  /**
   * While this server leads, the shared Pod informer (control-plane.ts): status reports take each
   * pod from it instead of the store when every report on it would be written. The commit is
   * compare-and-swap on the cached version, so a stale pod only costs a retry from the store.
   */
  podCache: PodCache | undefined;
  /** Where an agent's logs/exec secret is kept for the other servers too (serve.ts sets it on etcd). */
  shareAgentSecret: (nodeName: string, secret: string) => Promise<void> = async () => undefined;

  constructor(
    private readonly store: Store,
    readonly config: LifecycleConfig,
    private readonly log: Logger,
    private readonly events?: { agent: EventRecorder; nodes: EventRecorder },
    private readonly clock: () => Date = () => new Date(),
    /** The cluster's address plan (--cluster-cidr...), checked at start. */
    readonly network: ClusterNetwork = clusterNetwork(),
    /** Heartbeats, pod starts and container restarts are counted here when given. */
    readonly metrics?: ServerMetrics,
  ) {
    this.sessions = new Sessions(this.clock().getTime());
    this.usage = new UsageStore(() => this.clock().getTime());
    this.statuses = new StatusWriter({ store, log, clock: this.clock, metrics, podCache: () => this.podCache });
  }

  /**
   * Create or refresh the Node. A node registering for the first time gets the lowest free node
   * index (and its pod subnet, node-index.ts), kept on every later registration; the index is
   * chosen and written without racing another node's registration (api/allocation-record.ts).
   */
  async register(reg: Registration): Promise<{ node: Node; session: Session; index: number; periodMs: number }> {
    if (!isDns1123Subdomain(reg.nodeName)) {
      throw new ValidationError([{ path: "nodeName", message: `"${reg.nodeName}" is not a valid node name (lower case letters, digits, '-' and '.')` }]);
    }
    /** The node was known and not Ready: this registration is its recovery, which gets an Event. */
    let recovered = false;
    const { node, index } = await retryAllocation(() =>
      retryConflicts(async () => {
        const existing = (await this.store.get({ kind: "Node", name: reg.nodeName })) as Node | undefined;
        recovered = existing !== undefined && !isReady(existing);
        if (reg.simulated) {
          // No network, so no index and no pod subnet: simulated nodes take no block of the
          // cluster range, and registering one reads no other Node.
          const next = registeredNode(reg, existing, this.clock(), randomUUID);
          const [stored] = await this.store.commit([{ type: existing ? "update" : "create", object: next }]);
          return { node: (stored ?? next) as Node, index: 0 };
        }
        let index = heldNodeIndex(this.network, existing);
        let guard: AllocationGuard | undefined;
        if (index === undefined) {
          // The record before the list, so that a list missing a racing node cannot be committed.
          guard = await guardAllocations(this.store, "node-indexes", this.network.clusterCIDR);
          index = lowestFreeNodeIndex(this.network, (await this.store.list("Node")).items as Node[], reg.nodeName);
        }
        const next = withNodeIndex(this.network, registeredNode(reg, existing, this.clock(), randomUUID), index);
        const [stored] = await commitGuarded(this.store, [{ type: existing ? "update" : "create", object: next }], guard);
        return { node: (stored ?? next) as Node, index };
      }),
    );
    this.notReady.delete(reg.nodeName);
    if (recovered) this.recordReady(node);
    // Before the registration is answered: from then on, logs/exec work through every server.
    if (reg.agentSecret) await this.shareAgentSecret(reg.nodeName, reg.agentSecret);
    // Counted with this node, so the period told stays in step with the next heartbeat's.
    const periodMs = heartbeatPeriodFor(this.config, this.sessions.size + 1);
    const session = this.sessions.open(reg.nodeName, this.clock().getTime(), reg.agentSecret, periodMs);
    this.log.info({ node: reg.nodeName, index, session: session.id, agent: reg.agentVersion, heartbeatMs: periodMs }, "node registered");
    return { node, session, index, periodMs };
  }

  /** The heartbeat period to tell a node now: longer as more nodes hold a session here (lifecycle-plan.ts). */
  heartbeatPeriod(): number {
    return heartbeatPeriodFor(this.config, this.sessions.size);
  }

  async heartbeat(sessionId: string, usage?: NodeUsage | null): Promise<number> {
    const periodMs = this.heartbeatPeriod();
    const session = this.sessions.heartbeat(sessionId, this.clock().getTime(), periodMs);
    this.metrics?.heartbeats.inc({ node: session.nodeName });
    if (usage) this.usage.report(session.nodeName, usage);
    if (this.notReady.has(session.nodeName)) await this.setReady(session.nodeName, true);
    return periodMs;
  }

  /** Record what the agent saw happen to its pods, as Events on those pods. */
  recordEvents(sessionId: string, events: AgentEvent[]): void {
    this.sessions.get(sessionId);
    for (const e of events) {
      const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: e.pod, namespace: e.namespace, uid: e.uid } };
      this.events?.agent.record(pod, e.type === "Warning" ? "Warning" : "Normal", e.reason, e.message);
    }
  }

  /** The agent's steps, stamped with its session's node (an agent speaks only for itself). */
  recordTrace(sessionId: string, steps: readonly TraceStep[]): void {
    const { nodeName } = this.sessions.get(sessionId);
    for (const s of steps) this.trace.push({ ...s, component: "agent", node: nodeName });
  }

  get refusedStatusReports(): number {
    return this.refused;
  }

  /**
   * Write each reported status that still applies; stale or foreign reports are skipped. A report
   * whose status is broken is refused (counted, logged, not stored) and the others still written;
   * the refusals are returned, each with its field path (`updates[2].statusJson.containerStatuses`).
   * The statuses of one report go to the store in one commit (one fsync for the batch).
   */
  async updateStatus(sessionId: string, reports: StatusReport[]): Promise<FieldIssue[]> {
    const { nodeName } = this.sessions.get(sessionId);
    const refusals: FieldIssue[] = [];
    const valid: ValidReport[] = [];
    for (const [i, r] of reports.entries()) {
      let status: PodStatus;
      try {
        status = readReportedStatus(r.statusJson, `updates[${i}].statusJson`);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        this.refused += 1;
        this.log.warn({ node: nodeName, pod: `${r.namespace}/${r.name}`, issues: err.issues, refusedSoFar: this.refused }, "pod status report refused");
        refusals.push(...err.issues);
        continue;
      }
      valid.push({ report: r, status });
    }
    await this.statuses.write(nodeName, valid);
    return refusals;
  }

  /** A node that was not Ready is again (its heartbeats came back, or its agent registered again). */
  private recordReady(node: Node): void {
    this.events?.nodes.record(node, "Normal", "NodeReady", `Node ${node.metadata.name} status is now: NodeReady`);
  }

  /** Set a node's Ready condition (True after a heartbeat, Unknown when it went silent). */
  async setReady(nodeName: string, ready: boolean): Promise<void> {
    await retryConflicts(async () => {
      const node = (await this.store.get({ kind: "Node", name: nodeName })) as Node | undefined;
      if (!node || isReady(node) === ready) return;
      const conditions = ready
        ? withReady(node.status?.conditions, "True", "AgentReady", "skiff agent is posting ready status", this.clock())
        : withReady(node.status?.conditions, "Unknown", "NodeStatusUnknown", "Agent stopped sending heartbeats.", this.clock());
      await this.store.update({ ...node, status: { ...node.status, conditions } });
      this.log.info({ node: nodeName }, ready ? "node is Ready again" : "node is NotReady: no heartbeat");
      if (ready) this.recordReady(node);
      else this.events?.nodes.record(node, "Warning", "NodeNotReady", `Node ${nodeName} status is now: NodeNotReady`);
    });
    if (ready) this.notReady.delete(nodeName);
    else this.notReady.add(nodeName);
  }
}
