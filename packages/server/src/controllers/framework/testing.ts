// Running one controller's reconcile by hand in a test, as the framework would run it: shared
// informers started and synced, and before each reconcile the caches caught up with every write
// made through `h.store` (the reconcile's own, and the test's). Test code only.
import type { Store } from "@skiff/store";
import type { EventRecorder } from "../../events/recorder.js";
import { silentLog } from "../../informer/test-support.js";
import type { ReconcileContext, ReconcileResult } from "./controller.js";
import { OwnWrites } from "./own-writes.js";
import { SharedInformers } from "./shared-informers.js";

export interface Harness {
  /** Write through this one: the next run() waits until the caches show the write. */
  store: Store;
  ctx: ReconcileContext;
  run(key: string): Promise<ReconcileResult | void>;
  stop(): void;
}

export async function harness(
  reconcile: (key: string, ctx: ReconcileContext) => Promise<ReconcileResult | void>,
  deps: { store: Store; events: EventRecorder; kinds: string[]; now?: () => Date },
): Promise<Harness> {
  const informers = new SharedInformers(deps.store, silentLog, { freeze: true });
  for (const kind of deps.kinds) informers.for(kind);
  const stop = new AbortController();
  informers.start(stop.signal);
  await informers.synced();
  const own = new OwnWrites(informers);
  const store = own.track(deps.store);
  const ctx: ReconcileContext = { store, informers, events: deps.events, log: silentLog, now: deps.now ?? (() => new Date()) };
  return {
    store,
    ctx,
    run: async (key) => {
      await own.caughtUp(stop.signal, 5_000);
      return reconcile(key, ctx);
    },
    stop: () => stop.abort(),
  };
}
