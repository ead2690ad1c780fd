// The store, measured at its one seam: each commit's latency, size and outcome, and the number
// of open watches. Every other part of the server writes through this wrapper.
import { ConflictError, type ApiObject, type ObjectRef } from "@skiff/api";
import type { ListOptions, ListResult, Store, WatchEvent, WatchOptions, WriteOp } from "@skiff/store";
import { secondsSince, type ServerMetrics } from "./server-metrics.js";

export class InstrumentedStore implements Store {
  constructor(
    private readonly inner: Store,
    private readonly metrics: ServerMetrics,
  ) {}

  revision(): number {
    return this.inner.revision();
  }

  get(ref: ObjectRef): Promise<ApiObject | undefined> {
    return this.inner.get(ref);
  }

  list(kind: string, options?: ListOptions): Promise<ListResult> {
    return this.inner.list(kind, options);
  }

  commit(ops: WriteOp[]): Promise<ApiObject[]> {
    return this.measure(ops, () => this.inner.commit(ops));
  }

  create(object: ApiObject): Promise<ApiObject> {
    return this.measure([{ type: "create", object }], () => this.inner.create(object));
  }

  update(object: ApiObject): Promise<ApiObject> {
    return this.measure([{ type: "update", object }], () => this.inner.update(object));
  }

  delete(ref: ObjectRef, resourceVersion?: string): Promise<ApiObject> {
    return this.measure([{ type: "delete", ref, resourceVersion }], () => this.inner.delete(ref, resourceVersion));
  }

  async *watch(options: WatchOptions): AsyncIterable<WatchEvent> {
    this.metrics.watches.inc();
    try {
      yield* this.inner.watch(options);
    } finally {
      this.metrics.watches.dec();
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async measure<T>(ops: WriteOp[], write: () => Promise<T>): Promise<T> {
    if (ops.length === 0) return write();
    const started = performance.now();
    try {
      const out = await write();
      this.metrics.storeCommitLatency.observe(secondsSince(started));
      this.metrics.storeCommitBytes.observe(commitBytes(ops));
      this.metrics.storeCommitOps.observe(ops.length);
      this.metrics.storeCommits.inc({ result: "ok" });
      return out;
    } catch (err) {
      this.metrics.storeCommits.inc({ result: err instanceof ConflictError ? "conflict" : "error" });
      throw err;
    }
  }
}

/** The JSON size of what a commit writes (a delete writes no object). */
export function commitBytes(ops: readonly WriteOp[]): number {
  let bytes = 0;
  for (const op of ops) if (op.type !== "delete") bytes += Buffer.byteLength(JSON.stringify(op.object));
  return bytes;
}
