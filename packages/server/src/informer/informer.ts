// An informer keeps an up-to-date, in-memory copy of one kind of object and tells its users what
// changed. It is the read side of every control loop (Kubernetes' client-go SharedInformer, in
// miniature):
//
//   list  -> fill the cache, remember the revision the list reflects
//   watch -> from that revision, apply each change to the cache, then call the handlers
//   the watch expired (we fell behind the store's history) -> list again; the differences
//     between the cache and the new list become synthetic add / update / delete events
//   any other failure -> wait (exponential backoff) and list again
//
// Consumers read the cache (get, byIndex) instead of the store: it is cheap, and it is never older
// than the events they were told about. Indexes (indexed-cache.ts, indexers.ts) answer the
// questions a loop asks per event ("the pods of node n1") without walking the cache; `list()`
// walks it, and belongs to start-up and re-lists only. The cache is SHARED: never mutate what get/list/handlers
// hand out; copy first (`{ ...pod, spec: { ...pod.spec, nodeName } }`). `freeze: true` makes a
// mutation throw, which tests use to prove they don't.
import { Backoff, ExpiredError, sleep, type ApiObject, type BackoffPolicy } from "@skiff/api";
import type { LabelMatcher, Store } from "@skiff/store";
import type { Logger } from "../log.js";
import { applyListed } from "@skiff/api";
import { deepFreeze } from "./freeze.js";
import { dispatch, type InformerEvent, type InformerHandlers } from "./handlers.js";
import { IndexedCache, type Indexers } from "./indexed-cache.js";
import { objectKey } from "./keys.js";

export interface InformerOptions {
  kind: string;
  /** Only this namespace; omit for all (and for cluster-scoped kinds). */
  namespace?: string;
  /** Only objects whose labels match. */
  selector?: LabelMatcher;
  log: Logger;
  /** Deep-freeze every object as it enters the cache, so that a mutation throws. Off by default (it costs a walk per object). */
  freeze?: boolean;
  /** Delays between retries after a failure other than an expired watch (INFORMER_BACKOFF by default). */
  backoff?: Partial<BackoffPolicy>;
  /** Indexes to keep (more can be added with addIndexers). */
  indexers?: Indexers;
}

/** 100 ms, 200 ms, 400 ms... up to 5 s, jittered so that informers that failed together do not retry together. */
export const INFORMER_BACKOFF: BackoffPolicy = { initialMs: 100, maxMs: 5_000, jitter: 0.2 };

export class Informer<T extends ApiObject = ApiObject> {
  /** Resolves once the first list is in the cache and its adds were delivered (never, if stopped before: race it with your signal). */
  readonly synced: Promise<void>;
  private readonly cache: IndexedCache<T>;
  /** Callers of waitForRevision, woken as the cache reaches their revision. */
  private readonly revisionWaiters = new Set<{ revision: number; wake: () => void }>();
  private readonly handlers = new Set<InformerHandlers<T>>();
  private readonly log: Logger;
  private lastRevision = 0;
  private isSynced = false;
  private started = false;
  private markSynced: () => void = () => {};

  constructor(
    private readonly store: Store,
    private readonly options: InformerOptions,
  ) {
    this.log = options.log.child({ informer: options.kind });
    this.cache = new IndexedCache<T>(options.indexers as Indexers<T> | undefined);
    this.synced = new Promise((resolve) => (this.markSynced = resolve));
  }

  /**
   * Register handlers; returns a function that unregisters them. As in Kubernetes, a handler
   * registered after objects are cached first gets an add for each of them, so every handler sees
   * every object arrive exactly once, whenever it joined.
   */
  on(handlers: InformerHandlers<T>): () => void {
    this.handlers.add(handlers);
    for (const obj of this.cache.values()) dispatch([handlers], { type: "add", obj }, this.log);
    return () => this.handlers.delete(handlers);
  }

  /** The cached object with this key (`namespace/name`, or `name` for cluster-scoped). Do not mutate. */
  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  /** The cached objects filed under `value` in index `name` (see indexers.ts). Do not mutate. */
  byIndex(name: string, value: string): T[] {
    return this.cache.byIndex(name, value);
  }

  /** The keys filed under `value` in index `name`, without the objects. */
  indexKeys(name: string, value: string): ReadonlySet<string> {
    return this.cache.indexKeys(name, value);
  }

  /** Keep more indexes; objects already cached are filed at once. */
  addIndexers(indexers: Indexers<T>): void {
    this.cache.addIndexers(indexers);
  }

  hasIndex(name: string): boolean {
    return this.cache.hasIndex(name);
  }

  /**
   * The cached objects (those `filter` accepts), in no particular order. Do not mutate. It walks
   * the whole cache: fine at start-up, wrong per event (ask an index).
   */
  list(filter?: (obj: T) => boolean): T[] {
    const all = [...this.cache.values()];
    return filter ? all.filter(filter) : all;
  }

  /** How many objects the cache holds. */
  get size(): number {
    return this.cache.size;
  }

  /** True once the first list is in the cache: before that, "not cached" does not mean "absent". */
  hasSynced(): boolean {
    return this.isSynced;
  }

  /** The store revision the cache reflects, every change of this kind up to it applied (0 before the first list). */
  get revision(): number {
    return this.lastRevision;
  }

  /**
   * Resolves once the cache reflects `revision` (or at once if it does), or when `signal` aborts.
   * A writer that waits for the revision of its own write reads it back from the cache: the
   * write must touch this kind, or the wait lasts until some later change of this kind.
   */
  waitForRevision(revision: number, signal?: AbortSignal): Promise<void> {
    if (this.lastRevision >= revision || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = { revision, wake: () => done() };
      const done = () => {
        this.revisionWaiters.delete(waiter);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      this.revisionWaiters.add(waiter);
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  /** Run until `signal` aborts (then resolves). Never rejects: failures are logged and retried. */
  async start(signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error(`the ${this.options.kind} informer was already started`);
    this.started = true;
    const backoff = new Backoff({ ...INFORMER_BACKOFF, ...this.options.backoff });
    while (!signal.aborted) {
      try {
        await this.relist();
        await this.watch(signal, backoff);
        if (signal.aborted) return;
        throw new Error("the watch ended (is the store closing?)");
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof ExpiredError) {
          // Not a failure: we read slower than the store wrote. A re-list catches up at once.
          this.log.debug({ revision: this.lastRevision }, "watch expired, re-listing");
          continue;
        }
        const delayMs = backoff.next();
        this.log.warn({ err, delayMs }, "list/watch failed, retrying");
        await sleep(delayMs, signal);
      }
    }
  }

  /** List, replace the cache, and deliver the differences as events. */
  private async relist(): Promise<void> {
    const { kind, namespace, selector } = this.options;
    const { items, revision } = await this.store.list(kind, { namespace, selector });
    const listed = items.map((obj) => this.admit(obj as T));
    // The whole cache changes first, then the handlers run: a handler that reads the cache sees
    // the listed state, not a half-applied one.
    const events = applyListed(this.cache, listed);
    this.lastRevision = revision;
    this.log.trace({ revision, items: listed.length, ...counts(events) }, "listed");
    for (const event of events) dispatch(this.handlers, event, this.log);
    this.wakeWaiters();
    if (!this.isSynced) {
      this.isSynced = true;
      this.markSynced();
    }
  }

  /** Follow the store from the listed revision until the watch ends or throws. */
  private async watch(signal: AbortSignal, backoff: Backoff): Promise<void> {
    const { kind, namespace, selector } = this.options;
    const changes = this.store.watch({ kind, namespace, selector, fromRevision: this.lastRevision, signal });
    for await (const change of changes) {
      backoff.reset(); // the store is answering again
      const obj = this.admit(change.object as T);
      const key = objectKey(obj);
      const old = this.cache.get(key);
      // Mid-commit, the cache reflects the revision before it: a watch that broke here resumes
      // from there and gets the rest of the commit again (re-applying the first part is harmless).
      const complete = change.lastOfRevision !== false;
      this.lastRevision = complete ? change.revision : change.revision - 1;
      if (change.type === "DELETED") {
        this.cache.delete(key);
        if (old) dispatch(this.handlers, { type: "delete", obj }, this.log);
      } else {
        this.cache.set(key, obj);
        dispatch(this.handlers, old ? { type: "update", old, obj } : { type: "add", obj }, this.log);
      }
      if (complete) this.wakeWaiters();
    }
  }

  private wakeWaiters(): void {
    for (const w of this.revisionWaiters) if (w.revision <= this.lastRevision) w.wake();
  }

  private admit(obj: T): T {
    return this.options.freeze ? deepFreeze(obj) : obj;
  }
}

function counts(events: { type: string }[]) {
  const n = (type: string) => events.filter((e) => e.type === type).length;
  return { added: n("add"), updated: n("update"), deleted: n("delete") };
}
