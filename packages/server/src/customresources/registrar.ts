// Every server's view of the custom kinds: an informer on CustomResourceDefinitions, and on each
// change the API's registry (@skiff/api setCustomResources) made again from all of them (CRDs are
// few). Runs on every server, not only the leader: each serves the kinds on its API edges.
// `refresh()` reads the store at once, for a request naming a kind not yet known here, or right
// after this server wrote a CRD, so that `apply` of a CRD then of its objects never races the watch.
import { KINDS, setCustomResources, type CustomResourceDefinition } from "@skiff/api";
import type { Store } from "@skiff/store";
import { Informer } from "../informer/index.js";
import type { Logger } from "../log.js";

export const CRD_KIND = "CustomResourceDefinition";

export class CustomResourceRegistrar {
  private readonly informer: Informer<CustomResourceDefinition>;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
  ) {
    this.informer = new Informer<CustomResourceDefinition>(store, { kind: CRD_KIND, log });
    const sync = () => this.set(this.informer.list());
    this.informer.on({ onAdd: sync, onUpdate: sync, onDelete: sync });
  }

  /** Read every CRD from the store now and serve their kinds. */
  async refresh(): Promise<void> {
    this.refreshing ??= this.store
      .list(CRD_KIND)
      .then(({ items }) => this.set(items as CustomResourceDefinition[]))
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  async start(signal: AbortSignal): Promise<void> {
    await this.informer.start(signal);
  }

  private set(crds: CustomResourceDefinition[]): void {
    setCustomResources(crds, KINDS);
    this.log.debug({ crds: crds.length }, "custom kinds updated");
  }
}
