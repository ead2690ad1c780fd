// An informer over the API: a cached, watched copy of one kind, fed by the SDK's list and watch
// (the server's informers read the store; an operator in its own process reads through this).
//
//   list (items + resourceVersion) -> cache -> watch from that revision -> apply each change -> handlers
//     ExpiredError (fell behind)  -> re-list: the differences become add / update / delete
//     any other failure           -> back off and re-list (a kind whose CRD is not there yet, too)
//
// Never mutate what get, byIndex, list or a handler gives you: it is the cache.
import { Backoff, ExpiredError, IndexedCache, NAMESPACE_INDEX, OWNER_UID_INDEX, byNamespace, byOwnerUid, applyListed, keyOf, sleep, type CacheEvent } from "@skiff/api";
import type { ApiObject, CacheReader } from "@skiff/api";
import type { SkiffClient } from "../client.js";
import type { OperatorLog } from "./log.js";

export interface InformerHandlers<T extends ApiObject = ApiObject> {
  onAdd?(obj: T): void;
  onUpdate?(old: T, obj: T): void;
  onDelete?(obj: T): void;
}

type Event<T> = CacheEvent<T>;

export class RemoteInformer<T extends ApiObject = ApiObject> implements CacheReader<T> {
  readonly synced: Promise<void>;
  private readonly cache = new IndexedCache<T>({ [NAMESPACE_INDEX]: byNamespace, [OWNER_UID_INDEX]: byOwnerUid });
  private readonly handlers = new Set<InformerHandlers<T>>();
  private readonly waiters = new Set<{ revision: number; wake: () => void }>();
  private lastRevision = 0;
  private isSynced = false;
  private markSynced: () => void = () => {};

  constructor(
    private readonly client: SkiffClient,
    readonly kind: string,
    private readonly log: OperatorLog,
    /** Only this namespace; omitted, every namespace. */
    private readonly namespace?: string,
  ) {
    this.synced = new Promise((resolve) => (this.markSynced = resolve));
  }

  /** Register handlers; a handler that joins late gets an add for each cached object first. */
  on(handlers: InformerHandlers<T>): void {
    this.handlers.add(handlers);
    for (const obj of this.cache.values()) this.dispatch([handlers], { type: "add", obj });
  }

  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  byIndex(name: string, value: string): T[] {
    return this.cache.byIndex(name, value);
  }

  list(filter?: (obj: T) => boolean): T[] {
    const all = [...this.cache.values()];
    return filter ? all.filter(filter) : all;
  }

  hasSynced(): boolean {
    return this.isSynced;
  }

  /** The revision the cache reflects (0 before the first list). */
  get revision(): number {
    return this.lastRevision;
  }

  /** Resolves once the cache reflects `revision`, or when `signal` aborts. */
  waitForRevision(revision: number, signal: AbortSignal): Promise<void> {
    if (this.lastRevision >= revision || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = { revision, wake: () => done() };
      const done = () => {
        this.waiters.delete(waiter);
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.waiters.add(waiter);
      signal.addEventListener("abort", done, { once: true });
    });
  }

  /** Run until `signal` aborts. Never rejects: failures are logged and retried. */
  async start(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff({ initialMs: 100, maxMs: 5_000, jitter: 0.2 });
    while (!signal.aborted) {
      try {
        await this.relist();
        for await (const ev of this.client.watch<T>(this.kind, { namespace: this.namespace, resourceVersion: String(this.lastRevision), signal })) {
          backoff.reset();
          if (ev.object) this.apply(ev.type, ev.object, Number(ev.resourceVersion));
        }
        if (signal.aborted) return;
        throw new Error("the watch ended");
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof ExpiredError) continue; // we read slower than the server wrote: re-list
        const delayMs = backoff.next();
        this.log.warn({ kind: this.kind, err: (err as Error).message, retryInMs: delayMs }, "list/watch failed, retrying");
        await sleep(delayMs, signal);
      }
    }
  }

  private async relist(): Promise<void> {
    const { items, resourceVersion } = await this.client.list<T>(this.kind, { namespace: this.namespace });
    const events = applyListed(this.cache, items);
    this.lastRevision = Number(resourceVersion);
    for (const event of events) this.dispatch(this.handlers, event);
    this.wake();
    if (!this.isSynced) {
      this.isSynced = true;
      this.markSynced();
    }
  }

  private apply(type: string, obj: T, revision: number): void {
    const key = keyOf(obj);
    const old = this.cache.get(key);
    if (Number.isSafeInteger(revision)) this.lastRevision = Math.max(this.lastRevision, revision);
    if (type === "DELETED") {
      this.cache.delete(key);
      if (old) this.dispatch(this.handlers, { type: "delete", obj });
    } else if (type === "ADDED" || type === "MODIFIED") {
      this.cache.set(key, obj);
      this.dispatch(this.handlers, old ? { type: "update", old, obj } : { type: "add", obj });
    }
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters) if (w.revision <= this.lastRevision) w.wake();
  }

  private dispatch(handlers: Iterable<InformerHandlers<T>>, event: Event<T>): void {
    for (const h of handlers) {
      try {
        if (event.type === "add") h.onAdd?.(event.obj);
        else if (event.type === "update") h.onUpdate?.(event.old, event.obj);
        else h.onDelete?.(event.obj);
      } catch (err) {
        this.log.error({ kind: this.kind, err: (err as Error).message }, "informer handler failed");
      }
    }
  }
}
