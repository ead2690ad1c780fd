// The pod manager: the node agent's loop that keeps Docker in line with the pods the server
// assigned. Each pass lists this node's containers once, plans (pod-plan.ts), reports the
// statuses that changed, starts the probes that are due (probes/) and hands the actions to the
// executor. A pass runs when something changed (assignments, a container event, an action done,
// a probe result) and every `resyncMs` regardless (pass-loop.ts).
import type { ApiObject, Pod, PodStatus, Service } from "@skiff/api/core";
import type { Logger } from "pino";
import type { Runtime } from "../runtime/runtime.js";
import type { ExecutorContext } from "./executor.js";
import { actionOutcomes } from "./action-outcomes.js";
import { nodeSelector, podNamespace, podUid } from "./labels.js";
import { containersStopped, planNode } from "./pod-plan.js";
import { actionsFor, type Action } from "./reconcile.js";
import { Records } from "./records.js";
import { statusFromPlan } from "./status.js";
import { backOffEvents, configErrorEvents } from "./events.js";
import type { Configs } from "./configs.js";
import { VOLUME_LABEL } from "./volumes.js";
import { goneVolumes, learnVolumes, type KnownVolumes } from "./volume-reaper.js";
import { PassLoop } from "./pass-loop.js";
import type { PodNetwork } from "./pod-network.js";
import { ProbeManager } from "./probes/probe-manager.js";
import { Pulls } from "./pulls.js";
import { Limiter } from "./limiter.js";
import { Sequences } from "./sequences.js";

export interface PodManagerOptions {
  runtime: Runtime;
  nodeName: string;
  /** The node's address: the default host address of hostPorts, and every pod's hostIP. */
  hostIP?: string;
  log: Logger;
  clock?: () => Date;
  /**
   * Called with a pod's new status, only when it changed (or `stopped` did): `stopped` says the
   * pod is being deleted and none of its containers runs any more, so the server may remove it.
   */
  onStatus: (pod: Pod, status: PodStatus, stopped: boolean) => void;
  /** Period of the pass that runs even when nothing signalled a change. Default 1000 ms. */
  resyncMs?: number;
  /** Pods creating and starting containers at once (`skiff agent --max-parallel-starts`). Default 8. */
  maxParallelStarts?: number;
  /** Something a person should see in `skiff describe pod` happened (Pulled, Started, BackOff...). */
  onEvent?: PodEventSink;
  /** The node's declared capacity (resourceFieldRef of a limit not set); default what the runtime reports. */
  capacity?: { cpuMilli: number; memoryBytes: number };
  /** Each pod's ServiceAccount token mount (serviceaccount/pod-tokens.ts); absent: pods get none. */
  serviceAccountMount?: ExecutorContext["serviceAccountMount"];
}

export type PodEventSink = (pod: Pod, type: "Normal" | "Warning", reason: string, message: string) => void;

const DEFAULT_RESYNC_MS = 1000;
/** About what Docker does at once: 50 `docker run -d` are fastest 8 at a time here (issue 18). */
export const DEFAULT_MAX_PARALLEL_STARTS = 8;

export class PodManager {
  private readonly desired = new Map<string, Pod>();
  /** `namespace/name` of pods removed lately, so the trace can say whose containers then stop (the newest 1000). */
  private readonly removedKeys = new Map<string, string>();
  /** The ConfigMaps and Secrets the node's pods use, by `Kind/namespace/name`. */
  private configs: Configs = new Map();
  /** The Docker volumes of this node's local PVs, and their reclaim policies (volume-reaper.ts). */
  private readonly knownVolumes: KnownVolumes = new Map();
  private capacity: { cpuMilli: number; memoryBytes: number } | undefined;
  /** No pass runs before the first complete set: an empty set would remove every container. */
  private synced = false;
  /** Uids of pods that left while the node was away; forgotten once their containers are gone. */
  private readonly goneWhileAway = new Set<string>();
  private readonly records = new Records();
  private readonly reported = new Map<string, { key: string; status: PodStatus; stopped: boolean }>();
  private readonly sequences: Sequences;
  private readonly pulls: Pulls;
  private readonly starts: Limiter;
  private infraImage: string | undefined;
  private network: PodNetwork | undefined;
  private services: readonly Service[] = [];
  private readonly loop: PassLoop;
  private readonly probes: ProbeManager;
  private readonly log: Logger;
  private readonly clock: () => Date;

  constructor(private readonly options: PodManagerOptions) {
    this.log = options.log; // the caller's child logger ({ component: "pods" })
    this.clock = options.clock ?? (() => new Date());
    const resyncMs = options.resyncMs ?? DEFAULT_RESYNC_MS;
    this.starts = new Limiter(options.maxParallelStarts ?? DEFAULT_MAX_PARALLEL_STARTS);
    this.sequences = new Sequences({ runtime: options.runtime, log: this.log, ended: () => this.kick() });
    this.loop = new PassLoop({
      pass: () => this.pass(),
      // Sooner than the resync when a probe is due (10 ms at least: a pass is not free).
      waitMs: () => Math.max(10, Math.min(resyncMs, this.probes.msUntilDue(this.clock().getTime()))),
      events: (signal) => options.runtime.events(nodeSelector(options.nodeName), signal),
      retryMs: resyncMs,
      inFlight: () => [...this.sequences.inFlight(), ...this.pulls.inFlight()],
      log: this.log,
    });
    this.pulls = new Pulls({
      runtime: options.runtime,
      records: this.records,
      clock: this.clock,
      log: this.log,
      emit: (image, type, reason, message) => this.emitForImage(image, type, reason, message),
      done: () => this.kick(),
    });
    this.probes = new ProbeManager({
      runtime: options.runtime,
      log: this.log,
      onResult: (uid, changed, warning) => {
        if (warning) this.emit(uid, { type: "Warning", reason: "Unhealthy", message: warning });
        if (changed) this.kick();
      },
    });
  }

  /**
   * The complete set of pods this node runs (a COMPLETE assignments message, at the start of each
   * session). A pod the node ran that is missing from it left while the node was away from the
   * server (cut off, or the server down): deleted, or failed as lost and replaced elsewhere. Its
   * copy here is stale and is killed at once, not given a grace period to go on serving.
   */
  setDesired(pods: readonly Pod[]): void {
    const uids = new Set(pods.map(podUid));
    if (this.synced) for (const uid of this.desired.keys()) if (!uids.has(uid)) this.goneWhileAway.add(uid);
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
    learnVolumes(this.knownVolumes, this.configs);
    this.kick();
  }

  /**
   * The node's bridge network, once the agent has made it: infra containers made from now on
   * join it (DNS from its gateway, every container port published on the node's address), and
   * new containers get the Services' variables. Running pods stay where they are.
   */
  setNetwork(network: PodNetwork): void {
    this.network = { ...network };
    this.kick();
  }

  /** The Services (all namespaces; a container gets its own namespace's), for containers made from now on. */
  setServices(services: readonly Service[]): void {
    this.services = [...services];
  }

  /** One pod added or changed (an INCREMENTAL message). */
  upsert(pod: Pod): void {
    this.desired.set(podUid(pod), pod);
    this.kick();
  }

  /** One pod removed, by uid or by `namespace/name`. */
  remove(podUidOrKey: string): void {
    for (const [uid, pod] of this.desired) {
      if (uid !== podUidOrKey && `${podNamespace(pod)}/${pod.metadata.name}` !== podUidOrKey) continue;
      this.desired.delete(uid);
      this.removedKeys.set(uid, `${podNamespace(pod)}/${pod.metadata.name}`);
      if (this.removedKeys.size > 1000) this.removedKeys.delete(this.removedKeys.keys().next().value!);
    }
    this.kick();
  }

  /** The last status reported for each desired pod, by `namespace/name`. */
  status(): Map<string, PodStatus> {
    return new Map([...this.reported.values()].map(({ key, status }) => [key, structuredClone(status)]));
  }

  /** Runs until `signal` aborts or stop() is called. */
  start(signal: AbortSignal): Promise<void> {
    return this.loop.start(signal);
  }

  /** Stops the loop and waits for the actions and pulls in flight. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  private kick(): void {
    this.loop.kick();
  }

  private async pass(): Promise<void> {
    if (!this.synced) return;
    const { runtime, nodeName } = this.options;
    const listedAt = this.sequences.mark();
    this.infraImage ??= await runtime.ensureInfraImage();
    this.capacity ??= this.options.capacity ?? (await runtime.info());
    const imagesOf = (pods: Pod[]) => pods.flatMap((p) => p.spec.containers.map((c) => c.image));
    // The engine's questions at once: each pass is on the way of every pod start.
    const [observed, allVolumes] = await Promise.all([
      runtime.listContainers(nodeSelector(nodeName)),
      runtime.listVolumes(nodeSelector(nodeName)),
      this.records.learnImages(runtime, imagesOf([...this.desired.values()])),
    ]);
    // Only volumes skiff made for pods (a claim's volume carries no pod label).
    const volumes = allVolumes.filter((v) => v.labels[VOLUME_LABEL] !== undefined);
    const pods = [...this.desired.values()];
    await this.records.learnImages(runtime, imagesOf(pods)); // a pod that came meanwhile (at once when known)
    // No await from here on: what the plan saw and what the statuses mark as reported agree.
    const now = this.clock();
    const { images, failures, written } = this.records;
    const probes = this.probes.results();
    const plan = planNode({ desired: pods, observed, images, failures, now, configs: this.configs, written, volumes, probes, goneWhileAway: this.goneWhileAway });
    const orphaned = new Set(plan.orphans.map((o) => o.uid));
    for (const uid of this.goneWhileAway) if (!orphaned.has(uid)) this.goneWhileAway.delete(uid);
    const stale = (uid: string) => this.sequences.staleSince(listedAt, uid);
    for (const p of plan.pods) {
      if (stale(p.uid)) continue;
      const previous = this.reported.get(p.uid)?.status;
      this.report(p.pod, statusFromPlan(p, { now, previous, hostIP: this.options.hostIP }), containersStopped(p));
    }
    this.records.markReported();
    const uids = new Set(this.desired.keys());
    for (const uid of this.reported.keys()) if (!uids.has(uid)) this.reported.delete(uid);
    this.records.prune(uids, new Set(imagesOf(pods)));
    this.sequences.forget((uid) => uids.has(uid) || orphaned.has(uid));
    this.probes.sync(plan.pods, now.getTime());
    this.dispatch(
      actionsFor(plan).filter((a) => a.type === "pull" || !stale(a.podUid)),
      this.infraImage,
    );
    await this.reapVolumes();
  }

  /** Remove the Docker volumes of local PVs that went with policy Delete (volume-reaper.ts). */
  private async reapVolumes(): Promise<void> {
    const { remove, forget } = goneVolumes(this.knownVolumes, this.configs ?? new Map());
    for (const name of forget) this.knownVolumes.delete(name);
    for (const name of remove) {
      try {
        await this.options.runtime.removeVolume(name);
        this.knownVolumes.delete(name);
        this.log.info({ volume: name }, "removed the Docker volume of a deleted PersistentVolume (reclaim policy Delete)");
      } catch (err) {
        // In use by a container still going away: the next pass tries again.
        this.log.debug({ volume: name, err: (err as Error).message }, "cannot remove a released volume yet");
      }
    }
  }

  private report(pod: Pod, status: PodStatus, stopped: boolean): void {
    const uid = podUid(pod);
    const last = this.reported.get(uid);
    const before = last?.status;
    if (before && JSON.stringify(before) === JSON.stringify(status) && last.stopped === stopped) return;
    this.reported.set(uid, { key: `${podNamespace(pod)}/${pod.metadata.name}`, status, stopped });
    for (const e of backOffEvents(pod, before, status)) this.options.onEvent?.(pod, "Warning", "BackOff", e);
    for (const e of configErrorEvents(before, status)) this.options.onEvent?.(pod, "Warning", "Failed", e);
    this.log.debug({ pod: pod.metadata.name, phase: status.phase }, "pod status changed");
    this.options.onStatus(pod, structuredClone(status), stopped);
  }

  private dispatch(actions: Action[], infraImage: string): void {
    const sequences = new Map<string, Exclude<Action, { type: "pull" }>[]>();
    for (const a of actions) {
      if (a.type === "pull") this.pulls.pull(a.image, this.loop.signal);
      else sequences.set(a.podUid, [...(sequences.get(a.podUid) ?? []), a]);
    }
    for (const [uid, seq] of sequences) this.sequences.run(uid, seq, () => this.context(uid, infraImage), actionOutcomes(uid, { records: this.records, log: this.log, clock: this.clock, emit: (event) => this.emit(uid, event) }));
  }

  private context(uid: string, infraImage: string): ExecutorContext {
    const capacity = this.capacity ?? { cpuMilli: 0, memoryBytes: 0 };
    const ctx: ExecutorContext = { runtime: this.options.runtime, nodeName: this.options.nodeName, infraImage, log: this.log, configs: this.configs, capacity, services: this.services, starts: this.starts };
    if (this.options.hostIP) ctx.hostIP = this.options.hostIP;
    if (this.options.serviceAccountMount) ctx.serviceAccountMount = this.options.serviceAccountMount;
    if (this.network) ctx.network = this.network;
    const pod = this.desired.get(uid);
    // A pod no longer assigned is named by its last report, so the trace can say whose containers stop.
    const key = pod ? `${podNamespace(pod)}/${pod.metadata.name}` : (this.removedKeys.get(uid) ?? this.reported.get(uid)?.key);
    if (key) ctx.pod = key;
    return ctx;
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
}
