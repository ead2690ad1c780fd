// The controller framework: informers feed a work queue of keys; workers take a key, read the
// current state from the caches, and converge (level-triggered, as Kubernetes' controllers).
//
//   event (add/update/delete of any watched kind) -> keysFor(object, caches) -> queue.add(key)
//   worker: key -> (caches show our own writes: own-writes.ts)
//               -> reconcile(key) -> ok: forget the key's failures
//                                  -> { requeueAfterMs }: look again later
//                                  -> TerminalError: log it, do not retry
//                                  -> any other error: retry with backoff
//
// A reconcile must be safe to run again at any time (after a crash, twice in a row): it reads
// what is, decides what should be, and writes the difference. It keeps nothing between runs.
// Reads come from the caches, by index (`ctx.informers.for("Pod").byIndex(OWNER_UID_INDEX, uid)`):
// never a walk of every object per event.
import { customKinds, onCustomKindsChange, runWorker, whenAborted, type ApiObject, type ControllerShape, type Watch } from "@skiff/api";
import type { Store } from "@skiff/store";
import type { Informer } from "../../informer/index.js";
import type { Logger } from "../../log.js";
import type { EventRecorder } from "../../events/recorder.js";
import type { Caches } from "./caches.js";
import { OwnWrites } from "./own-writes.js";
import type { SharedInformers } from "./shared-informers.js";
import { WorkQueue, type WorkQueueMetrics } from "./work-queue.js";

// The definition's shape, the worker loop and the queue are @skiff/api's (controllers/): an
// operator running as its own process (@skiff/client's runController) runs the same ones.
export { TerminalError, type ReconcileResult, type Watch } from "@skiff/api";

export interface ReconcileContext {
  /** Writes through it are noted, so that the next reconcile sees them in the caches. */
  store: Store;
  /** The shared caches and their indexes, read-only. */
  informers: Caches;
  events: EventRecorder;
  log: Logger;
  now: () => Date;
}

export interface ControllerDefinition extends ControllerShape<ReconcileContext> {
  /**
   * Watch every custom kind too, each as this returns, as CRDs come (the garbage collector does).
   * A controller of one custom kind just names it in `watches`: its informer lists nothing until the CRD exists.
   */
  followCustomKinds?: (kind: string) => Watch;
}

export interface ControllerDeps {
  store: Store;
  informers: SharedInformers;
  events: EventRecorder;
  log: Logger;
  now?: () => Date;
  /** The queue's metrics and each reconcile's duration (metrics/controllers.ts); none when omitted. */
  metrics?: WorkQueueMetrics & { reconciled(seconds: number): void };
}

export class Controller {
  readonly name: string;
  readonly queue: WorkQueue;
  private readonly ctx: ReconcileContext;
  private readonly informers: SharedInformers;
  private readonly ownWrites: OwnWrites;
  private readonly metrics: ControllerDeps["metrics"];

  constructor(
    private readonly def: ControllerDefinition,
    deps: ControllerDeps,
  ) {
    this.name = def.name;
    this.queue = new WorkQueue(def.rateLimit, deps.metrics);
    this.metrics = deps.metrics;
    this.informers = deps.informers;
    this.ownWrites = new OwnWrites(deps.informers);
    const store = this.ownWrites.track(deps.store);
    this.ctx = { store, informers: deps.informers, events: deps.events, log: deps.log, now: deps.now ?? (() => new Date()) };
  }

  async start(signal: AbortSignal): Promise<void> {
    const enqueue = (watch: Watch) => (obj: ApiObject) => {
      for (const key of watch.keysFor(obj, this.informers)) this.queue.add(key);
    };
    const informers: Informer[] = [];
    const watched = new Set<string>();
    const follow = (watch: Watch) => {
      watched.add(watch.kind);
      const informer = this.informers.for(watch.kind);
      const add = enqueue(watch);
      informer.on({ onAdd: add, onUpdate: (old, obj) => (add(old), add(obj)), onDelete: add });
      return informer;
    };
    for (const watch of this.def.watches) informers.push(follow(watch));
    const followCustom = this.def.followCustomKinds;
    if (followCustom) {
      const followNew = () => {
        for (const k of customKinds()) if (!watched.has(k.kind)) informers.push(follow(followCustom(k.kind)));
      };
      followNew();
      const stop = onCustomKindsChange(followNew);
      signal.addEventListener("abort", stop, { once: true });
    }
    signal.addEventListener("abort", () => this.queue.shutDown(), { once: true });
    // Decide nothing before every cache holds its first list: "not in the cache" must mean "does not exist".
    await Promise.race([Promise.all(informers.map((i) => i.synced)), whenAborted(signal)]);
    const workers = Array.from({ length: this.def.workers ?? 2 }, () => this.work(signal));
    await Promise.all(workers);
  }

  private work(signal: AbortSignal): Promise<void> {
    return runWorker(this.queue, (key) => this.def.reconcile(key, this.ctx), signal, {
      log: this.ctx.log,
      before: () => this.ownWrites.caughtUp(signal),
      reconciled: this.metrics ? (seconds) => this.metrics?.reconciled(seconds) : undefined,
    });
  }
}
