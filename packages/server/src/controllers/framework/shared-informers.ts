// One informer per kind, shared by every controller that reads that kind: one watch and one
// cache each, however many controllers look (client-go's SharedInformerFactory). Each keeps the
// standard indexes (../../informer/indexers.ts: namespace, owner uid, owner reference, node for
// pods, selector for the kinds that select), so the controllers, the scheduler, the garbage
// collector and the node lifecycle ask an index instead of walking a cache.
import type { ApiObject } from "@skiff/api";
import type { Store } from "@skiff/store";
import { Informer, standardIndexers } from "../../informer/index.js";
import type { Logger } from "../../log.js";
import type { Caches } from "./caches.js";

export class SharedInformers implements Caches {
  private readonly informers = new Map<string, Informer>();
  private signal: AbortSignal | undefined;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly options: { freeze?: boolean } = {},
  ) {}

  /** The informer for `kind`, made (and started, if start() was called) on first use. */
  for<T extends ApiObject = ApiObject>(kind: string): Informer<T> {
    let informer = this.informers.get(kind);
    if (!informer) {
      informer = new Informer(this.store, { kind, log: this.log, freeze: this.options.freeze, indexers: standardIndexers(kind) });
      this.informers.set(kind, informer);
      if (this.signal) void informer.start(AbortSignal.any([this.signal]));
    }
    return informer as unknown as Informer<T>;
  }

  /** The informer for `kind` if one was made, without making one. */
  existing<T extends ApiObject = ApiObject>(kind: string): Informer<T> | undefined {
    return this.informers.get(kind) as Informer<T> | undefined;
  }

  /** Start every informer made so far and any made later; they stop when `signal` aborts. */
  start(signal: AbortSignal): void {
    this.signal = signal;
    // One signal per informer (derived: no listener on `signal`), so that their watches' waits do not pile up on one.
    for (const informer of this.informers.values()) void informer.start(AbortSignal.any([signal]));
  }

  /** Resolves when every informer made so far has its first list. */
  async synced(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.synced));
  }
}
