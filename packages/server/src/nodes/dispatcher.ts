// The server's side of the node protocol (SwarmKit calls it the dispatcher): registrations,
// heartbeats, pod status reports. Assignments streams live in assignments-stream.ts.
import { randomUUID } from "node:crypto";
import { ConflictError, NotFoundError, ValidationError, traceLatency, type TraceStep, isDns1123Subdomain, type FieldIssue, type Node, type Pod, type PodStatus } from "@skiff/api";
import type { Store, WriteOp } from "@skiff/store";
import type { Logger } from "../log.js";
import type { EventRecorder } from "../events/index.js";
import type { LifecycleConfig } from "./lifecycle-plan.js";
import { guardAllocations, commitGuarded, retryAllocation, type AllocationGuard } from "../objects/allocation-record.js";
import { isReady, registeredNode, withReady, type Registration } from "./node-object.js";
import { heldNodeIndex, lowestFreeNodeIndex, withNodeIndex } from "./node-index.js";
import { clusterNetwork, type ClusterNetwork } from "./cluster-network.js";
import { endsDeletion, mergeReportedStatus, readReportedStatus } from "./pod-status.js";
import { planDelete } from "../objects/deletion-plan.js";
import { Sessions, type Session } from "./sessions.js";
import { UsageStore } from "./usage.js";
import type { NodeUsage__Output as NodeUsage } from "@skiff/proto";
import type { ServerMetrics } from "../metrics/server-metrics.js";
import { podStatusFacts } from "../metrics/pod-status.js";
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

const WRITE_ATTEMPTS = 5;
/** Status reports written per commit: within etcd's 128 operations per transaction. */
const STATUS_GROUP = 100;

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
  }

  /**
   * Create or refresh the Node. A node registering for the first time gets the lowest free node
   * index (and its pod subnet, node-index.ts), kept on every later registration; the index is
   * chosen and written without racing another node's registration (api/allocation-record.ts).
   */
  async register(reg: Registration): Promise<{ node: Node; session: Session; index: number }> {
    if (!isDns1123Subdomain(reg.nodeName)) {
      throw new ValidationError([{ path: "nodeName", message: `"${reg.nodeName}" is not a valid node name (lower case letters, digits, '-' and '.')` }]);
    }
    /** The node was known and not Ready: this registration is its recovery, which gets an Event. */
    let recovered = false;
    const { node, index } = await retryAllocation(() =>
      this.retry(async () => {
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
    const session = this.sessions.open(reg.nodeName, this.clock().getTime(), reg.agentSecret);
    this.log.info({ node: reg.nodeName, index, session: session.id, agent: reg.agentVersion }, "node registered");
    return { node, session, index };
  }

  async heartbeat(sessionId: string, usage?: NodeUsage | null): Promise<number> {
    const session = this.sessions.heartbeat(sessionId, this.clock().getTime());
    this.metrics?.heartbeats.inc({ node: session.nodeName });
    if (usage) this.usage.report(session.nodeName, usage);
    if (this.notReady.has(session.nodeName)) await this.setReady(session.nodeName, true);
    return this.config.heartbeatPeriodMs;
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
    const valid: { report: StatusReport; status: PodStatus }[] = [];
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
    // A node reporting on many pods at once (its agent restarted): etcd takes 128 objects per
    // transaction, so the reports are written a group at a time (each pod's own write stands alone).
    for (let i = 0; i < valid.length; i += STATUS_GROUP) {
      const group = valid.slice(i, i + STATUS_GROUP);
      try {
        // The first attempt may take the pods from the cache; a retry (a conflict) reads the store.
        await this.retry((attempt) => this.writeStatuses(nodeName, group, attempt === 1));
      } catch (err) {
        if (!(err instanceof ConflictError) || group.length < 2) throw err;
        // Some pod kept changing under the batch: write the others without it, one by one.
        for (const v of group) await this.retry(() => this.writeStatuses(nodeName, [v], false));
      }
    }
    return refusals;
  }

  /**
   * Read the pods, merge each report, and commit every change at once, compare-and-swap on each
   * pod: if any pod changed since it was read, nothing is written and the caller reads again.
   * Two reports on one pod apply in order, the second on top of the first.
   */
  private async writeStatuses(nodeName: string, valid: ValidReport[], cacheFirst: boolean): Promise<void> {
    const keys = [...new Set(valid.map((v) => keyOf(v.report)))];
    const read = await this.readPods(nodeName, keys, valid, cacheFirst);
    const current = new Map(keys.map((k, i) => [k, read[i] as Pod | undefined]));
    const changed = new Set<string>();
    const ended = new Set<string>();
    for (const { report: r, status } of valid) {
      const stored = current.get(keyOf(r));
      if (!stored) continue;
      if (endsDeletion(stored, r.containersStopped ?? false, nodeName, r.uid)) ended.add(keyOf(r));
      const verdict = mergeReportedStatus(stored, status, nodeName, r.uid);
      if ("skip" in verdict) {
        if (verdict.skip !== "unchanged") this.log.debug({ node: nodeName, pod: keyOf(r), why: verdict.skip }, "status report skipped");
        continue;
      }
      current.set(keyOf(r), verdict.write);
      changed.add(keyOf(r));
    }
    const ops: WriteOp[] = [];
    for (const k of new Set([...changed, ...ended])) {
      const pod = current.get(k) as Pod;
      // Its containers are gone: delete it again with grace 0 (removed, unless finalizers remain).
      const end = ended.has(k) ? planDelete(pod, { now: this.clock(), gracePeriodSeconds: 0, nodeExists: true }).op : undefined;
      if (end) this.log.info({ node: nodeName, pod: k }, "pod's containers stopped: its deletion is complete");
      if (end) ops.push(end);
      else if (changed.has(k)) ops.push({ type: "update", object: pod });
    }
    try {
      if (ops.length > 0) await this.store.commit(ops);
      for (const k of changed) traceLatency("status stored", k, { phase: current.get(k)?.status?.phase ?? "" });
      this.countStatusFacts(read, keys, current, changed);
    } catch (err) {
      // A pod deleted since it was read: read again (it is skipped then), as for a conflict.
      if (err instanceof NotFoundError) throw new ConflictError(err.message, { cause: err });
      throw err;
    }
  }

  /**
   * The pods reported on. From the cache only a pod on which every report would be written:
   * the commit checks that version is still the stored one. Whatever decides NOT to write (a
   * stale, foreign or unchanged report, the end of a deletion) is decided on the store's pod.
   */
  private async readPods(nodeName: string, keys: string[], valid: ValidReport[], cacheFirst: boolean): Promise<(Pod | undefined)[]> {
    const cache = cacheFirst && this.podCache?.hasSynced() ? this.podCache : undefined;
    return Promise.all(
      keys.map((k) => {
        const cached = cache?.get(k);
        if (cached && writesEvery(cached, valid.filter((v) => keyOf(v.report) === k), nodeName)) return cached;
        return this.store.get({ kind: "Pod", namespace: k.slice(0, k.indexOf("/")), name: k.slice(k.indexOf("/") + 1) }) as Promise<Pod | undefined>;
      }),
    );
  }

  /** Pod starts and container restarts, from the statuses just written. */
  private countStatusFacts(read: (unknown | undefined)[], keys: string[], current: Map<string, Pod | undefined>, changed: Set<string>): void {
    if (!this.metrics) return;
    const now = this.clock();
    keys.forEach((k, i) => {
      const before = read[i] as Pod | undefined;
      const after = current.get(k);
      if (!before || !after || !changed.has(k)) return;
      const facts = podStatusFacts(before, after, now);
      if (facts.startedAfterSeconds !== undefined) this.metrics?.podStartLatency.observe(facts.startedAfterSeconds);
      if (facts.restarts > 0) this.metrics?.containerRestarts.inc({ namespace: after.metadata.namespace ?? "default" }, facts.restarts);
    });
  }

  /** A node that was not Ready is again (its heartbeats came back, or its agent registered again). */
  private recordReady(node: Node): void {
    this.events?.nodes.record(node, "Normal", "NodeReady", `Node ${node.metadata.name} status is now: NodeReady`);
  }

  /** Set a node's Ready condition (True after a heartbeat, Unknown when it went silent). */
  async setReady(nodeName: string, ready: boolean): Promise<void> {
    await this.retry(async () => {
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

  private async retry<T>(fn: (attempt: number) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn(attempt);
      } catch (err) {
        if (!(err instanceof ConflictError) || attempt >= WRITE_ATTEMPTS) throw err;
      }
    }
  }
}

type ValidReport = { report: StatusReport; status: PodStatus };

const keyOf = (r: StatusReport) => `${r.namespace}/${r.name}`;

/** Whether each report on `pod`, applied in order, would be written (none skipped, none ending a deletion). */
function writesEvery(pod: Pod, reports: ValidReport[], nodeName: string): boolean {
  let current = pod;
  for (const { report, status } of reports) {
    if (endsDeletion(current, report.containersStopped ?? false, nodeName, report.uid)) return false;
    const verdict = mergeReportedStatus(current, status, nodeName, report.uid);
    if ("skip" in verdict) return false;
    current = verdict.write;
  }
  return true;
}
