// The pod manager: the node agent's loop that keeps Docker in line with the pods the server
// assigned. Each pass lists this node's containers once, plans (pod-plan.ts), reports the
// statuses that changed, and hands the actions to the executor. A pass runs when something
// changed (assignments, a container event, an action done) and every `resyncMs` regardless:
// level-triggered, so a missed event costs a second, not correctness.
import type { ApiObject, Pod, PodStatus } from "@skiff/api";
import type { Logger } from "pino";
import type { Runtime } from "../runtime/runtime.js";
import { runSequence, type ExecutorContext } from "./executor.js";
import { nodeSelector, podNamespace, podUid } from "./labels.js";
import { planNode } from "./pod-plan.js";
import { actionsFor, type Action } from "./reconcile.js";
import { Records } from "./records.js";
import { statusFromPlan } from "./status.js";
import { actionEvent, backOffEvents, configErrorEvents } from "./events.js";
import type { Configs } from "./configs.js";
import { VOLUME_LABEL } from "./volumes.js";

export interface PodManagerOptions {
  runtime: Runtime;
  nodeName: string;
  /** The node's address: the default host address of hostPorts, and every pod's hostIP. */
  hostIP?: string;
  log: Logger;
  clock?: () => Date;
  /** Called with a pod's new status, only when it changed. */
  onStatus: (pod: Pod, status: PodStatus) => void;
  /** Period of the pass that runs even when nothing signalled a change. Default 1000 ms. */
  resyncMs?: number;
  /** Pods whose actions may run at once. Default 16. */
  maxParallel?: number;
  /** Something a person should see in `skiff describe pod` happened (Pulled, Started, BackOff...). */
  onEvent?: PodEventSink;
  /** The node's declared capacity (resourceFieldRef of a limit not set); default what the runtime reports. */
  capacity?: { cpuMilli: number; memoryBytes: number };
}

export type PodEventSink = (pod: Pod, type: "Normal" | "Warning", reason: string, message: string) => void;

const DEFAULT_RESYNC_MS = 1000;

export class PodManager {
  private readonly desired = new Map<string, Pod>();
  /** The ConfigMaps and Secrets the node's pods use, by `Kind/namespace/name`. */
  private configs: Configs = new Map();
  private capacity: { cpuMilli: number; memoryBytes: number } | undefined;
  /** No pass runs before the first complete set: an empty set would remove every container. */
  private synced = false;
  private readonly records = new Records();
  private readonly reported = new Map<string, { key: string; status: PodStatus }>();
  private readonly busy = new Map<string, Promise<void>>();
  private readonly pulls = new Map<string, Promise<void>>();
  private infraImage: string | undefined;
  private wake: (() => void) | undefined;
  private pending = false;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  /** Last message per repeated trouble (engine down...), so it is logged once, not every pass. */
  private readonly troubles = new Map<string, string>();
  private readonly log: Logger;
  private readonly clock: () => Date;

  constructor(private readonly options: PodManagerOptions) {
    this.log = options.log; // the caller's child logger ({ component: "pods" })
    this.clock = options.clock ?? (() => new Date());
  }

  /** The complete set of pods this node runs (a COMPLETE assignments message). */
  setDesired(pods: readonly Pod[]): void {
    this.desired.clear();
    for (const pod of pods) this.desired.set(podUid(pod), pod);
    this.synced = true;
    this.kick();
  }

  /**
   * The ConfigMaps and Secrets the node's pods use (with a COMPLETE message, and whenever an
   * INCREMENTAL one changes them). A pass follows: waiting containers may start, and the files
   * of configMap and secret volumes are rewritten where their content changed.
   */
  setConfigs(configs: ReadonlyMap<string, ApiObject>): void {
    this.configs = new Map(configs);
    this.kick();
  }

  /** One pod added or changed (an INCREMENTAL message). */
  upsert(pod: Pod): void {
    this.desired.set(podUid(pod), pod);
    this.kick();
  }

  /** One pod removed, by uid or by `namespace/name`. */
  remove(podUidOrKey: string): void {
    for (const [uid, pod] of this.desired) {
      if (uid === podUidOrKey || `${podNamespace(pod)}/${pod.metadata.name}` === podUidOrKey) this.desired.delete(uid);
    }
    this.kick();
  }

  /** The last status reported for each desired pod, by `namespace/name`. */
  status(): Map<string, PodStatus> {
    return new Map([...this.reported.values()].map(({ key, status }) => [key, structuredClone(status)]));
  }

  /** Runs until `signal` aborts or stop() is called. */
  start(signal: AbortSignal): Promise<void> {
    signal.addEventListener("abort", () => this.abort.abort(), { once: true });
    if (signal.aborted) this.abort.abort();
    this.running ??= this.loop();
    return this.running;
  }

  /** Stops the loop and waits for the actions and pulls in flight. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.kick();
    await this.running;
  }

  private kick(): void {
    this.pending = true;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    void this.watchEvents(signal);
    while (!signal.aborted) {
      this.pending = false;
      try {
        await this.pass();
      } catch (error) {
        this.trouble("pass", `reconcile pass failed: ${String(error)}`, error);
      }
      if (!this.pending) await this.sleep(this.options.resyncMs ?? DEFAULT_RESYNC_MS, signal, true);
    }
    await Promise.allSettled([...this.busy.values(), ...this.pulls.values()]);
  }

  /** Waits `ms`, or less if the signal aborts or (`wakeable`, the main loop only) something kicks. */
  private sleep(ms: number, signal: AbortSignal, wakeable = false): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        if (wakeable) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
      if (wakeable) this.wake = done;
    });
  }

  /** Container events only wake the loop: the pass reads the truth from the list. */
  private async watchEvents(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        for await (const event of this.options.runtime.events(nodeSelector(this.options.nodeName), signal)) {
          this.log.trace({ event: event.action, id: event.containerId.slice(0, 12) }, "container event");
          this.kick();
        }
      } catch (error) {
        if (!signal.aborted) this.trouble("events", `container events stopped: ${String(error)}`, error);
      }
      await this.sleep(this.options.resyncMs ?? DEFAULT_RESYNC_MS, signal);
    }
  }

  private async pass(): Promise<void> {
    if (!this.synced) return;
    const { runtime, nodeName } = this.options;
    this.infraImage ??= await runtime.ensureInfraImage();
    this.capacity ??= this.options.capacity ?? (await runtime.info());
    const observed = await runtime.listContainers(nodeSelector(nodeName));
    // Only volumes skiff made for pods (a claim's volume carries no pod label).
    const volumes = (await runtime.listVolumes(nodeSelector(nodeName))).filter((v) => v.labels[VOLUME_LABEL] !== undefined);
    this.troubles.delete("pass");
    const pods = [...this.desired.values()];
    await this.records.learnImages(runtime, pods.flatMap((p) => p.spec.containers.map((c) => c.image)));
    // No await from here on: what the plan saw and what the statuses mark as reported agree.
    const now = this.clock();
    const { images, failures, written } = this.records;
    const plan = planNode({ desired: pods, observed, images, failures, now, configs: this.configs, written, volumes });
    for (const p of plan.pods) {
      const previous = this.reported.get(p.uid)?.status;
      this.report(p.pod, statusFromPlan(p, { now, previous, hostIP: this.options.hostIP }));
    }
    this.records.markReported();
    const uids = new Set(this.desired.keys());
    for (const uid of this.reported.keys()) if (!uids.has(uid)) this.reported.delete(uid);
    this.records.prune(uids);
    this.dispatch(actionsFor(plan), this.infraImage);
  }

  private report(pod: Pod, status: PodStatus): void {
    const uid = podUid(pod);
    const before = this.reported.get(uid)?.status;
    if (before && JSON.stringify(before) === JSON.stringify(status)) return;
    this.reported.set(uid, { key: `${podNamespace(pod)}/${pod.metadata.name}`, status });
    for (const e of backOffEvents(pod, before, status)) this.options.onEvent?.(pod, "Warning", "BackOff", e);
    for (const e of configErrorEvents(before, status)) this.options.onEvent?.(pod, "Warning", "Failed", e);
    this.log.debug({ pod: pod.metadata.name, phase: status.phase }, "pod status changed");
    this.options.onStatus(pod, structuredClone(status));
  }

  private dispatch(actions: Action[], infraImage: string): void {
    const sequences = new Map<string, Exclude<Action, { type: "pull" }>[]>();
    for (const a of actions) {
      if (a.type === "pull") this.pull(a.image);
      else sequences.set(a.podUid, [...(sequences.get(a.podUid) ?? []), a]);
    }
    const max = this.options.maxParallel ?? 16;
    for (const [uid, seq] of sequences) {
      // A pod still busy with its last sequence is planned again when that is done.
      if (this.busy.has(uid) || this.busy.size >= max) continue;
      const capacity = this.capacity ?? { cpuMilli: 0, memoryBytes: 0 };
      const ctx: ExecutorContext = { runtime: this.options.runtime, nodeName: this.options.nodeName, infraImage, log: this.log, configs: this.configs, capacity };
      if (this.options.hostIP) ctx.hostIP = this.options.hostIP;
      const run = runSequence(seq, ctx, {
        succeeded: (a) => {
          this.records.succeeded(a);
          this.emit(uid, actionEvent(a));
        },
        failed: (a, error) => {
          const record = this.records.failed(a, error, this.clock().getTime());
          this.emit(uid, { type: "Warning", reason: "Failed", message: `Error: ${record?.message ?? String(error)}` });
          const what =
            a.type === "stop" || a.type === "remove" || a.type === "removeVolume"
              ? a.name
              : a.type === "writeVolume"
                ? `writing volume ${a.write.volume}`
                : `${a.type} ${"container" in a ? a.container : "infra"}`;
          this.log.warn({ pod: uid, err: error, retries: record?.failures }, `${what} failed: ${record?.message ?? String(error)}`);
        },
        written: (a, infraId) => this.records.written.set(`${uid}/${a.write.volume}`, { infraId, hash: a.write.hash, slot: a.write.slot }),
        warning: (reason, message) => {
          this.log.warn({ pod: uid }, message);
          this.emit(uid, { type: "Warning", reason, message });
        },
      }).finally(() => {
        this.busy.delete(uid);
        this.kick();
      });
      this.busy.set(uid, run);
    }
  }

  /** Pulls run beside the pod sequences: a slow image holds up only the containers that need it. */
  private pull(image: string): void {
    if (this.pulls.has(image)) return;
    this.records.pulling(image);
    this.log.debug({ image }, "pulling image");
    const started = this.clock().getTime();
    this.emitForImage(image, "Normal", "Pulling", `Pulling image "${image}"`);
    const run = this.options.runtime
      .pullImage(image, this.abort.signal)
      .then(
        () => {
          this.records.pulled(image, this.clock().getTime());
          this.log.info({ image }, "pulled image");
          const took = ((this.clock().getTime() - started) / 1000).toFixed(3);
          this.emitForImage(image, "Normal", "Pulled", `Successfully pulled image "${image}" in ${took}s`);
        },
        (error: unknown) => {
          const r = this.records.pullFailed(image, error, this.clock().getTime());
          this.log.warn({ image, failures: r.failures }, `pulling image failed: ${r.message}`);
          this.emitForImage(image, "Warning", "Failed", `Failed to pull image "${image}": ${r.message}`);
        },
      )
      .finally(() => {
        this.pulls.delete(image);
        this.kick();
      });
    this.pulls.set(image, run);
  }

  private emit(uid: string, event: { type: "Normal" | "Warning"; reason: string; message: string } | undefined): void {
    const pod = this.desired.get(uid);
    if (pod && event) this.options.onEvent?.(pod, event.type, event.reason, event.message);
  }

  private emitForImage(image: string, type: "Normal" | "Warning", reason: string, message: string): void {
    for (const pod of this.desired.values()) {
      if (pod.spec.containers.some((c) => c.image === image)) this.options.onEvent?.(pod, type, reason, message);
    }
  }

  private trouble(kind: string, text: string, error: unknown): void {
    if (this.troubles.get(kind) === text) return;
    this.troubles.set(kind, text);
    this.log.warn({ err: error }, text);
  }
}
