// The scheduler component: watches pods and nodes, and binds each pending pod to a node.
//
//   informers (Pod, Node) --handlers--> queue of pod keys --pass--> schedule() --> CAS write
//
// It reads the shared informers (one Pod and one Node cache for the whole server). A pass takes
// every queued pod, brings the snapshot of the nodes up to date (only the nodes that events
// touched, from the node -> pods index, plus our own binds the cache has not shown yet:
// snapshot.ts), and for each pod decides (schedule.ts, pure) and writes:
//   - a node fits: set spec.nodeName, PodScheduled True, the decision annotation; count the pod
//     on its node at once, so the next pod in the pass cannot take the same last slot;
//   - none fits: PodScheduled False / Unschedulable with the reasons (only if that changes
//     anything), and park the pod until a node or a pod change might make room, or the periodic
//     retry (every retryIntervalMs) comes round.
// Writes are compare-and-swap on the pod's resourceVersion: if someone changed the pod since the
// cache saw it, we re-read it and decide again.
import { ConflictError, NotFoundError, traceLatency, traceStep, stepSubject, refOf, whenAborted, type Node, type PersistentVolume, type PersistentVolumeClaim, type Pod, type StorageClass } from "@skiff/api";
import type { Store } from "@skiff/store";
import { SharedInformers } from "../controllers/framework/shared-informers.js";
import type { Informer } from "../informer/informer.js";
import { objectKey } from "../informer/keys.js";
import type { Logger } from "../log.js";
import { boundPod, unschedulablePod } from "./binding.js";
import type { EventRecorder } from "../events/index.js";
import { nodeChanged, podFreedRoom, podNeedsScheduling } from "./cluster-events.js";
import { explain } from "./explain.js";
import { isPending } from "./pod-state.js";
import { defaultPlugins } from "./plugins/index.js";
import { SchedulingQueue } from "./queue.js";
import { schedule } from "./schedule.js";
import { Snapshot } from "./snapshot.js";
import { isFilterPlugin, isScorePlugin, type Plugin } from "./types.js";
import type { SchedulerProfile } from "./config/load.js";
import { profilePlugins } from "./config/profile.js";
import type { ServerMetrics } from "../metrics/server-metrics.js";

export interface SchedulerOptions {
  store: Store;
  /** The server's shared informers (Pod, Node); the scheduler makes and runs its own when omitted (tests). */
  informers?: SharedInformers;
  /** The component's logger (e.g. componentLogger(root, "scheduler")). */
  log: Logger;
  /** Filters and scores, in order; defaultPlugins() when omitted. */
  plugins?: Plugin[];
  /** Without `plugins`: the built-in plugins as a scheduler config arranges them, with its modules' plugins (config/). */
  profile?: SchedulerProfile;
  /** For condition timestamps. */
  clock?: () => Date;
  /** How often parked (unschedulable) pods are retried even if nothing seems to change. */
  retryIntervalMs?: number;
  /** Deep-freeze its own informers' caches (tests: proves the scheduler never mutates them). */
  freezeCache?: boolean;
  /** Where Scheduled / FailedScheduling events go (none when omitted). */
  events?: EventRecorder;
  /** Attempts and their latency, by result (none when omitted). */
  metrics?: ServerMetrics;
}

export const DEFAULT_RETRY_INTERVAL_MS = 10_000;
// A pod that keeps changing under us is left for its next event rather than fought over forever.
const MAX_CONFLICT_RETRIES = 5;
// A pass gives the event loop back this often (ms of deciding), so that a pass of thousands of
// pods does not hold up heartbeats and status reports.
const SLICE_MS = 20;
/** Binds a pass has on their way to the store at most (about two of the store's commit groups). */
const MAX_IN_FLIGHT = 256;

export class Scheduler {
  private readonly store: Store;
  private readonly log: Logger;
  private readonly plugins: readonly Plugin[];
  private readonly clock: () => Date;
  private readonly queue = new SchedulingQueue();
  private readonly informers: SharedInformers;
  /** True when the informers are our own, to start and stop with us. */
  private readonly ownInformers: boolean;
  private readonly pods: Informer<Pod>;
  private readonly nodes: Informer<Node>;
  private readonly snapshot: Snapshot;
  /** Where the next decision begins its walk over the nodes (schedule.ts: large clusters). */
  private nextStart = 0;
  /** The caches VolumeBinding reads (none with plugins of the caller's own). */
  private storage: Informer[] = [];
  private started = false;

  constructor(private readonly options: SchedulerOptions) {
    this.store = options.store;
    this.log = options.log;
    this.clock = options.clock ?? (() => new Date());
    this.ownInformers = !options.informers;
    this.informers = options.informers ?? new SharedInformers(this.store, this.log, { freeze: options.freezeCache ?? false });
    this.pods = this.informers.for<Pod>("Pod");
    this.nodes = this.informers.for<Node>("Node");
    // The default plugins read claims, PVs and classes from the shared caches (VolumeBinding).
    if (!options.plugins) {
      this.storage = [this.informers.for("PersistentVolumeClaim"), this.informers.for("PersistentVolume"), this.informers.for("StorageClass")];
      const [claims, volumes, classes] = this.storage;
      const defaults = defaultPlugins({
        claim: (namespace, name) => claims!.get(`${namespace}/${name}`) as PersistentVolumeClaim | undefined,
        volume: (name) => volumes!.get(name) as PersistentVolume | undefined,
        storageClass: (name) => classes!.get(name) as StorageClass | undefined,
      });
      this.plugins = options.profile ? profilePlugins(options.profile.profile, [...defaults, ...options.profile.plugins]) : defaults;
    } else this.plugins = options.plugins;
    this.snapshot = new Snapshot({ nodes: this.nodes, pods: this.pods });
  }

  /** Run until `signal` aborts; resolves then. */
  async start(signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error("the scheduler was already started");
    this.started = true;
    const stopWatching = this.watchClusterChanges();
    if (this.ownInformers) this.informers.start(signal);
    const retry = setInterval(() => this.queue.moveAllToActive(), this.options.retryIntervalMs ?? DEFAULT_RETRY_INTERVAL_MS);
    try {
      // Deciding before both caches are full would call pods unschedulable on a half-known cluster.
      await Promise.race([Promise.all([this.pods.synced, this.nodes.synced, ...this.storage.map((i) => i.synced)]), whenAborted(signal)]);
      if (!signal.aborted) this.log.info({ filter: this.plugins.filter(isFilterPlugin).map((p) => p.name), score: this.plugins.filter(isScorePlugin).map((p) => `${p.name}(x${p.weight})`), config: this.options.profile?.source }, "scheduler started");
      while (!signal.aborted) {
        await this.queue.wait(signal);
        if (!signal.aborted) await this.pass(signal);
      }
    } finally {
      clearInterval(retry);
      stopWatching();
    }
  }

  /** Turn informer events into queue operations and snapshot marks; keys only. Returns the unsubscribe. */
  private watchClusterChanges(): () => void {
    const offPods = this.pods.on({
      onAdd: (pod) => {
        this.snapshot.podChanged(undefined, pod);
        if (podNeedsScheduling(undefined, pod)) this.queue.add(objectKey(pod));
      },
      onUpdate: (old, pod) => {
        this.snapshot.podChanged(old, pod);
        if (podNeedsScheduling(old, pod)) this.queue.add(objectKey(pod));
        else if (!isPending(pod)) this.queue.remove(objectKey(pod));
        if (podFreedRoom(old, pod)) this.queue.moveAllToActive();
      },
      onDelete: (pod) => {
        this.snapshot.podChanged(pod, undefined);
        this.queue.remove(objectKey(pod));
        if (podFreedRoom(pod, undefined)) this.queue.moveAllToActive();
      },
    });
    const offNodes = this.nodes.on({
      onAdd: (node) => {
        this.snapshot.nodeChanged(node.metadata.name);
        this.queue.moveAllToActive();
      },
      onUpdate: (old, node) => {
        this.snapshot.nodeChanged(node.metadata.name);
        if (nodeChanged(old, node)) this.queue.moveAllToActive();
      },
      onDelete: (node) => this.snapshot.nodeChanged(node.metadata.name),
    });
    // A claim bound or a PV made can let a waiting pod go somewhere.
    const retry = () => this.queue.moveAllToActive();
    const offStorage = this.storage.map((i) => i.on({ onAdd: retry, onUpdate: retry, onDelete: () => undefined }));
    return () => {
      offPods();
      offNodes();
      for (const off of offStorage) off();
    };
  }

  /**
   * Decide every queued pod, one after another, without waiting for each bind to be stored: a
   * bind is counted in the snapshot as it is decided (assumed), its write goes to the store at
   * once, and the writes of a pass reach the disk together (the store commits in groups). The
   * pass yields to the event loop every few milliseconds (heartbeats and status reports go on
   * meanwhile) and waits for its writes at the end.
   */
  private async pass(signal: AbortSignal): Promise<void> {
    const keys = this.queue.takeAll();
    this.log.trace({ pods: keys.length }, "scheduling pass");
    let writes: Promise<void>[] = [];
    let sliceStart = performance.now();
    for (const key of keys) {
      if (signal.aborted) break;
      writes.push(this.scheduleOne(key));
      if (writes.length >= MAX_IN_FLIGHT) {
        // Enough binds on their way: a pass of thousands must not pile up thousands of writes.
        await Promise.all(writes);
        writes = [];
        sliceStart = performance.now();
      } else if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
    await Promise.all(writes);
  }

  /** Decide and write one pod; a bind is counted in the snapshot before its write is sent. */
  private async scheduleOne(key: string): Promise<void> {
    let pod = this.pods.get(key);
    for (let attempt = 0; pod && isPending(pod) && !this.snapshot.isAssumed(key); attempt++) {
      const started = performance.now();
      const measure = (result: "scheduled" | "unschedulable" | "error") => {
        this.options.metrics?.schedulingAttempts.inc({ result });
        this.options.metrics?.schedulingLatency.observe({ result }, (performance.now() - started) / 1000);
      };
      let assumed = false;
      try {
        const nodes = this.snapshot.refreshOrdered();
        const decision = schedule(pod, nodes, this.plugins, { start: this.nextStart, percentageOfNodesToScore: this.options.profile?.profile.percentageOfNodesToScore });
        // The next decision begins where this one stopped, so that every node gets its turn.
        if (nodes.length > 0) this.nextStart = (this.nextStart + decision.record.nodes.length) % nodes.length;
        // explain() walks every node's verdict: only when someone is reading the trace.
        if (this.log.isLevelEnabled("trace")) this.log.trace({ pod: key, explain: explain(decision) }, "decision");
        if ("nodeName" in decision) {
          const bound = boundPod(pod, decision, this.clock());
          this.snapshot.assume(bound);
          assumed = true;
          const stored = (await this.store.update(bound)) as Pod;
          this.snapshot.confirm(stored);
          traceLatency("bound", key, { node: decision.nodeName });
          traceStep({ ...stepSubject(stored), component: "scheduler", node: decision.nodeName, step: "scheduled", detail: explain(decision).map((l) => l.trim()).join("; ") });
          measure("scheduled");
          this.log.info({ pod: key, node: decision.nodeName }, "pod scheduled");
          this.options.events?.record(stored, "Normal", "Scheduled", `Successfully assigned ${key} to ${decision.nodeName}`);
        } else {
          const updated = unschedulablePod(pod, decision, this.clock());
          if (updated) {
            await this.store.update(updated);
            this.log.info({ pod: key, reason: decision.unschedulable }, "pod unschedulable");
            traceStep({ ...stepSubject(pod), component: "scheduler", step: "unschedulable", detail: decision.unschedulable });
            this.options.events?.record(pod, "Warning", "FailedScheduling", decision.unschedulable);
          }
          this.queue.park(key);
          measure("unschedulable");
        }
        return;
      } catch (err) {
        if (assumed) this.snapshot.forget(key);
        measure("error");
        if (err instanceof NotFoundError) return; // deleted meanwhile: nothing to schedule
        if (err instanceof ConflictError && attempt < MAX_CONFLICT_RETRIES) {
          // Someone wrote the pod after our cache saw it: decide again on the current state.
          const current = await this.reread(pod);
          if (current !== "failed") {
            pod = current;
            continue;
          }
        } else {
          this.log.warn({ err, pod: key }, "could not schedule pod; will retry");
        }
        this.queue.park(key);
        return;
      }
    }
  }

  private async reread(pod: Pod): Promise<Pod | undefined | "failed"> {
    try {
      return (await this.store.get(refOf(pod))) as Pod | undefined;
    } catch (err) {
      this.log.warn({ err, pod: objectKey(pod) }, "could not re-read pod after a conflict; will retry");
      return "failed";
    }
  }
}
