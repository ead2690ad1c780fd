// Run a controller as its own process against any skiff server: the same definition shape as the
// server's controllers (@skiff/api's ControllerShape: watches with keysFor, a reconcile of one key)
// and the same work queue and worker, on informers fed by the SDK's list and watch.
//
//   RemoteInformer per watched kind --add/update/delete--> keysFor(obj, caches) --> WorkQueue
//   worker: key -> (caches show our own writes) -> reconcile(key, ctx) -> writes through the SDK (CAS)
//
// Level-triggered: a restarted operator lists everything afresh and reconciles every key once;
// a reconcile that finds everything right writes nothing.
import { WorkQueue, runWorker, whenAborted, type ApiObject, type Caches, type ControllerShape, type Watch } from "@skiff/api";
import type { SkiffClient } from "../client.js";
import { jsonLog, type OperatorLog } from "./log.js";
import { RemoteInformer } from "./remote-informer.js";
import { OwnWrites, type ObjectWriter } from "./writer.js";

export interface OperatorContext {
  /** Writes through the SDK, compare-and-swap, noted so the next reconcile sees them in the caches. */
  writer: ObjectWriter;
  /** Read-only caches of the watched kinds (and any other kind asked for: its informer starts then). */
  informers: Caches;
  /** The SDK client, for anything else (reads are best made from `informers`). */
  client: SkiffClient;
  log: OperatorLog;
  now: () => Date;
}

export type OperatorDefinition = ControllerShape<OperatorContext>;

export interface RunControllerOptions {
  client: SkiffClient;
  log?: OperatorLog;
  /** Only this namespace; omitted, every namespace. */
  namespace?: string;
  now?: () => Date;
  /** Called once every watched kind's cache holds its first list. */
  onSynced?: () => void;
}

/** The informers of one operator, one per kind, made and started on first use. */
export class RemoteInformers implements Caches {
  private readonly informers = new Map<string, RemoteInformer>();

  constructor(
    private readonly client: SkiffClient,
    private readonly log: OperatorLog,
    private readonly signal: AbortSignal,
    private readonly namespace?: string,
  ) {}

  for<T extends ApiObject = ApiObject>(kind: string): RemoteInformer<T> {
    let informer = this.informers.get(kind);
    if (!informer) {
      informer = new RemoteInformer(this.client, kind, this.log, this.namespace);
      this.informers.set(kind, informer);
      void informer.start(this.signal);
    }
    return informer as unknown as RemoteInformer<T>;
  }

  /** Resolves once every informer that saw a write of its kind reflects the latest one. */
  async caughtUp(writes: OwnWrites, signal: AbortSignal): Promise<void> {
    const behind = [...writes.latest].flatMap(([kind, revision]) => {
      const informer = this.informers.get(kind);
      return informer && informer.revision < revision ? [informer.waitForRevision(revision, signal)] : [];
    });
    if (behind.length === 0) return;
    // The server may be gone: after 10 s, reconcile anyway (CAS writes keep a stale read harmless).
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(behind), new Promise((r) => (timer = setTimeout(r, 10_000)))]).finally(() => clearTimeout(timer));
  }
}

/** Run `def` until `signal` aborts. */
export async function runController(def: OperatorDefinition, options: RunControllerOptions & { signal: AbortSignal }): Promise<void> {
  const { client, signal } = options;
  const log = options.log ?? jsonLog(def.name);
  const informers = new RemoteInformers(client, log, signal, options.namespace);
  const writes = new OwnWrites();
  const ctx: OperatorContext = { writer: writes.writer(client), informers, client, log, now: options.now ?? (() => new Date()) };
  const queue = new WorkQueue(def.rateLimit);
  const follow = (watch: Watch) => {
    const informer = informers.for(watch.kind);
    const add = (obj: ApiObject) => {
      for (const key of watch.keysFor(obj, informers)) queue.add(key);
    };
    informer.on({ onAdd: add, onUpdate: (old, obj) => (add(old), add(obj)), onDelete: add });
    return informer;
  };
  const watched = def.watches.map(follow);
  signal.addEventListener("abort", () => queue.shutDown(), { once: true });
  // Decide nothing before every cache holds its first list: "not in the cache" must mean "does not exist".
  await Promise.race([Promise.all(watched.map((i) => i.synced)), whenAborted(signal)]);
  if (signal.aborted) return;
  log.info({ kinds: def.watches.map((w) => w.kind), keys: queue.length }, "caches synced; reconciling");
  options.onSynced?.();
  const hooks = { log, before: () => informers.caughtUp(writes, signal) };
  await Promise.all(Array.from({ length: def.workers ?? 2 }, () => runWorker(queue, (key) => def.reconcile(key, ctx), signal, hooks)));
}
