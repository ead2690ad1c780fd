// Reading your own writes from a cache. A reconcile writes to the store; the next one reads the
// informers' caches, which may not show that write yet, and a ReplicaSet that does not see the
// three pods it just created creates three more. Kubernetes' controllers keep "expectations" for
// this; skiff keeps, per kind, the revision of the controller's latest write, and before each
// reconcile waits until that kind's informer reflects it (a few milliseconds: the store publishes
// a commit to watches as it acknowledges it). Writes by others need no wait: their events bring
// the key back anyway. Nothing is lost in a crash: a restarted controller's informers list afresh.
import type { ApiObject } from "@skiff/api";
import type { Store } from "@skiff/store";
import type { SharedInformers } from "./shared-informers.js";

/** The caches did not catch up in time (the store is failing?): the reconcile is retried later. */
export class CacheLagError extends Error {
  constructor(kinds: string[], timeoutMs: number) {
    super(`the ${kinds.join(", ")} cache did not show this controller's last write within ${timeoutMs} ms`);
    this.name = "CacheLagError";
  }
}

export class OwnWrites {
  /** kind -> revision of the latest write of an object of that kind. */
  private readonly latest = new Map<string, number>();

  constructor(private readonly informers: SharedInformers) {}

  /** `store`, noting the revision of every write that succeeds through it. */
  track(store: Store): Store {
    const noted = <T extends ApiObject | ApiObject[]>(written: T): T => {
      for (const obj of Array.isArray(written) ? written : [written]) this.note(obj);
      return written;
    };
    return {
      revision: () => store.revision(),
      get: (ref) => store.get(ref),
      list: (kind, options) => store.list(kind, options),
      commit: async (ops) => noted(await store.commit(ops)),
      create: async (object) => noted(await store.create(object)),
      update: async (object) => noted(await store.update(object)),
      delete: async (ref, resourceVersion) => noted(await store.delete(ref, resourceVersion)),
      watch: (options) => store.watch(options),
      close: () => store.close(),
    };
  }

  /** Every object a write returns carries the write's revision (a deleted one too). */
  note(obj: ApiObject): void {
    const revision = Number(obj.metadata.resourceVersion);
    if (!Number.isSafeInteger(revision)) return;
    if (revision > (this.latest.get(obj.kind) ?? 0)) this.latest.set(obj.kind, revision);
  }

  /** Resolves once every informer of a kind this controller wrote reflects its latest write. */
  async caughtUp(signal: AbortSignal, timeoutMs = 10_000): Promise<void> {
    const behind = [...this.latest].flatMap(([kind, revision]) => {
      const informer = this.informers.existing(kind);
      return informer && informer.revision < revision ? [{ kind, informer, revision }] : [];
    });
    if (behind.length === 0) return;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const stop = AbortSignal.any([signal, timeout.signal]);
    try {
      await Promise.all(behind.map((b) => b.informer.waitForRevision(b.revision, stop)));
    } finally {
      clearTimeout(timer);
    }
    const still = behind.filter((b) => b.informer.revision < b.revision);
    if (still.length > 0 && !signal.aborted) throw new CacheLagError(still.map((b) => b.kind), timeoutMs);
  }
}
