// One informer per kind, shared by every controller that reads that kind: one watch and one
// cache each, however many controllers look (client-go's SharedInformerFactory).
import type { ApiObject } from "@skiff/api";
import type { Store } from "@skiff/store";
import { Informer } from "../../informer/index.js";
import type { Logger } from "../../log.js";

export class SharedInformers {
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
      informer = new Informer(this.store, { kind, log: this.log, freeze: this.options.freeze });
      this.informers.set(kind, informer);
      if (this.signal) void informer.start(this.signal);
    }
    return informer as unknown as Informer<T>;
  }

  /** Start every informer made so far and any made later; they stop when `signal` aborts. */
  start(signal: AbortSignal): void {
    this.signal = signal;
    for (const informer of this.informers.values()) void informer.start(signal);
  }

  /** Resolves when every informer made so far has its first list. */
  async synced(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.synced));
  }
}
