// The writes an operator makes, through the SDK, each compare-and-swap on the resourceVersion it
// read (a stale write gets a ConflictError, and the worker retries with a fresh read). Each write
// is noted: before the next reconcile the worker waits until the caches show it, so a reconcile
// never acts on a cache that does not have its own last write yet (own-writes, as in the server).
import type { ApiObject } from "@skiff/api";
import type { SkiffClient } from "../client.js";

export interface ObjectWriter {
  create<T extends ApiObject>(obj: T): Promise<T>;
  /** Replace; `obj.metadata.resourceVersion` must be the one read (ConflictError otherwise). */
  update<T extends ApiObject>(obj: T): Promise<T>;
  /** Replace the status only (the status subresource). */
  updateStatus<T extends ApiObject>(obj: T): Promise<T>;
  /** Delete, only if still at the resourceVersion read. */
  delete<T extends ApiObject>(obj: T): Promise<T>;
}

/** kind -> revision of this operator's latest write of that kind. */
export class OwnWrites {
  readonly latest = new Map<string, number>();

  note(obj: ApiObject): void {
    const revision = Number(obj.metadata.resourceVersion);
    if (Number.isSafeInteger(revision) && revision > (this.latest.get(obj.kind) ?? 0)) this.latest.set(obj.kind, revision);
  }

  writer(client: SkiffClient): ObjectWriter {
    const noted = async <T extends ApiObject>(written: Promise<T>): Promise<T> => {
      const obj = await written;
      this.note(obj);
      return obj;
    };
    return {
      create: (obj) => noted(client.create(obj)),
      update: (obj) => noted(client.update(obj)),
      updateStatus: (obj) => noted(client.updateStatus(obj)),
      delete: (obj) =>
        noted(client.delete(obj.kind, obj.metadata.name, { namespace: obj.metadata.namespace, resourceVersion: obj.metadata.resourceVersion })),
    };
  }
}
