// The scheduler component: watches pods and nodes, and binds each pending pod to a node.
//
//   informers (Pod, Node) --handlers--> queue of pod keys --pass--> schedule() --> CAS write
//
// A pass takes every queued pod, builds one snapshot of the nodes (informer cache + our own binds
// the cache has not shown yet), and for each pod decides (schedule.ts, pure) and writes:
//   - a node fits: set spec.nodeName, PodScheduled True, the decision annotation; count the pod
//     on its node at once, so the next pod in the pass cannot take the same last slot;
//   - none fits: PodScheduled False / Unschedulable with the reasons (only if that changes
//     anything), and park the pod until a node or a pod change might make room, or the periodic
//     retry (every retryIntervalMs) comes round.
// Writes are compare-and-swap on the pod's resourceVersion: if someone changed the pod since the
// cache saw it, we re-read it and decide again.
import { ConflictError, NotFoundError, refOf, type Node, type Pod } from "@skiff/api";
import type { Store } from "@skiff/store";
import { Informer } from "../informer/informer.js";
import { objectKey } from "../informer/keys.js";
import type { Logger } from "../log.js";
import { boundPod, unschedulablePod } from "./binding.js";
import type { EventRecorder } from "../events/index.js";
import { nodeChanged, podFreedRoom, podNeedsScheduling } from "./cluster-events.js";
import { explain } from "./explain.js";
import { withPod } from "./node-info.js";
import { isPending } from "./pod-state.js";
import { defaultPlugins } from "./plugins/index.js";
import { SchedulingQueue } from "./queue.js";
import { schedule } from "./schedule.js";
import { nodeInfos, placedPods } from "./snapshot.js";
import type { NodeInfo, Plugin } from "./types.js";

export interface SchedulerOptions {
  store: Store;
  /** The component's logger (e.g. componentLogger(root, "scheduler")). */
  log: Logger;
  /** Filters and scores, in order; defaultPlugins() when omitted. */
  plugins?: Plugin[];
  /** For condition timestamps. */
  clock?: () => Date;
  /** How often parked (unschedulable) pods are retried even if nothing seems to change. */
  retryIntervalMs?: number;
  /** Deep-freeze the informers' caches (tests: proves the scheduler never mutates them). */
  freezeCache?: boolean;
  /** Where Scheduled / FailedScheduling events go (none when omitted). */
  events?: EventRecorder;
}

export const DEFAULT_RETRY_INTERVAL_MS = 10_000;
// A pod that keeps changing under us is left for its next event rather than fought over forever.
const MAX_CONFLICT_RETRIES = 5;

export class Scheduler {
  private readonly store: Store;
  private readonly log: Logger;
  private readonly plugins: readonly Plugin[];
  private readonly clock: () => Date;
  private readonly queue = new SchedulingQueue();
  private readonly pods: Informer<Pod>;
  private readonly nodes: Informer<Node>;
  /** Pods we bound that the pod informer has not shown bound yet, by key (see snapshot.ts). */
  private readonly assumed = new Map<string, Pod>();
  private started = false;

  constructor(private readonly options: SchedulerOptions) {
    this.store = options.store;
    this.log = options.log;
    this.plugins = options.plugins ?? defaultPlugins();
    this.clock = options.clock ?? (() => new Date());
    const freeze = options.freezeCache ?? false;
    this.pods = new Informer<Pod>(this.store, { kind: "Pod", log: this.log, freeze });
    this.nodes = new Informer<Node>(this.store, { kind: "Node", log: this.log, freeze });
  }

  /** Run until `signal` aborts; resolves then. */
  async start(signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error("the scheduler was already started");
    this.started = true;
    this.watchClusterChanges();
    const informers = Promise.all([this.pods.start(signal), this.nodes.start(signal)]);
    const retry = setInterval(() => this.queue.moveAllToActive(), this.options.retryIntervalMs ?? DEFAULT_RETRY_INTERVAL_MS);
    try {
      // Deciding before both caches are full would call pods unschedulable on a half-known cluster.
      await Promise.race([Promise.all([this.pods.synced, this.nodes.synced]), aborted(signal)]);
      if (!signal.aborted) this.log.info({ plugins: this.plugins.map((p) => p.name) }, "scheduler started");
      while (!signal.aborted) {
        await this.queue.wait(signal);
        if (!signal.aborted) await this.pass(signal);
      }
    } finally {
      clearInterval(retry);
      await informers;
    }
  }

  /** Turn informer events into queue operations; level-triggered: keys only. */
  private watchClusterChanges(): void {
    this.pods.on({
      onAdd: (pod) => {
        if (podNeedsScheduling(undefined, pod)) this.queue.add(objectKey(pod));
      },
      onUpdate: (old, pod) => {
        if (podNeedsScheduling(old, pod)) this.queue.add(objectKey(pod));
        else if (!isPending(pod)) this.queue.remove(objectKey(pod));
        if (podFreedRoom(old, pod)) this.queue.moveAllToActive();
      },
      onDelete: (pod) => {
        this.queue.remove(objectKey(pod));
        if (podFreedRoom(pod, undefined)) this.queue.moveAllToActive();
      },
    });
    this.nodes.on({
      onAdd: () => this.queue.moveAllToActive(),
      onUpdate: (old, node) => {
        if (nodeChanged(old, node)) this.queue.moveAllToActive();
      },
    });
  }

  private async pass(signal: AbortSignal): Promise<void> {
    const keys = this.queue.takeAll();
    const { placed, settled } = placedPods(this.pods.list(), this.assumed);
    for (const key of settled) this.assumed.delete(key);
    const infos = nodeInfos(this.nodes.list(), placed);
    this.log.trace({ pods: keys.length, nodes: infos.size }, "scheduling pass");
    for (const key of keys) {
      if (signal.aborted) return;
      await this.scheduleOne(key, infos);
    }
  }

  /** Decide and write one pod; `infos` is updated in place with a bind. */
  private async scheduleOne(key: string, infos: Map<string, NodeInfo>): Promise<void> {
    let pod = this.pods.get(key);
    for (let attempt = 0; pod && isPending(pod) && !this.assumed.has(key); attempt++) {
      try {
        const decision = schedule(pod, [...infos.values()], this.plugins);
        this.log.trace({ pod: key, explain: explain(decision) }, "decision");
        if ("nodeName" in decision) {
          const stored = (await this.store.update(boundPod(pod, decision, this.clock()))) as Pod;
          this.assumed.set(key, stored);
          const info = infos.get(decision.nodeName);
          if (info) infos.set(decision.nodeName, withPod(info, stored));
          this.log.info({ pod: key, node: decision.nodeName }, "pod scheduled");
          this.options.events?.record(stored, "Normal", "Scheduled", `Successfully assigned ${key} to ${decision.nodeName}`);
        } else {
          const updated = unschedulablePod(pod, decision, this.clock());
          if (updated) {
            await this.store.update(updated);
            this.log.info({ pod: key, reason: decision.unschedulable }, "pod unschedulable");
            this.options.events?.record(pod, "Warning", "FailedScheduling", decision.unschedulable);
          }
          this.queue.park(key);
        }
        return;
      } catch (err) {
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

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
