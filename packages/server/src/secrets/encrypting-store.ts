// A Store that keeps Secrets encrypted at rest: their `data` (keys and values) is sealed into
// one envelope before anything reaches LevelDB, objects and change log alike, and opened again
// on the way out. Everything else passes through untouched.
import type { ApiObject, ObjectRef } from "@skiff/api";
import type { ListOptions, ListResult, Store, WatchEvent, WatchOptions, WriteOp } from "@skiff/store";
import { isSealed, open, seal, sealedWith } from "./envelope.js";
import type { Keyring } from "./keyring.js";

/** Where a stored Secret keeps its sealed data (in place of `data`). */
export const SEALED_FIELD = "encryptedData";

export class EncryptingStore implements Store {
  constructor(
    private readonly inner: Store,
    private keys: Keyring,
  ) {}

  revision(): number {
    return this.inner.revision();
  }

  async get(ref: ObjectRef): Promise<ApiObject | undefined> {
    const obj = await this.inner.get(ref);
    return obj && this.reveal(obj);
  }

  async list(kind: string, options?: ListOptions): Promise<ListResult> {
    const res = await this.inner.list(kind, options);
    return { ...res, items: res.items.map((o) => this.reveal(o)) };
  }

  async commit(ops: WriteOp[]): Promise<ApiObject[]> {
    const sealed = ops.map((op): WriteOp => (op.type === "delete" ? op : { ...op, object: this.conceal(op.object) }));
    return (await this.inner.commit(sealed)).map((o) => this.reveal(o));
  }

  async create(object: ApiObject): Promise<ApiObject> {
    return this.reveal(await this.inner.create(this.conceal(object)));
  }

  async update(object: ApiObject): Promise<ApiObject> {
    return this.reveal(await this.inner.update(this.conceal(object)));
  }

  async delete(ref: ObjectRef, resourceVersion?: string): Promise<ApiObject> {
    return this.reveal(await this.inner.delete(ref, resourceVersion));
  }

  async *watch(options: WatchOptions): AsyncIterable<WatchEvent> {
    for await (const ev of this.inner.watch(options)) yield { ...ev, object: this.reveal(ev.object) };
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Re-seal every Secret with the current primary key; returns how many were rewritten. */
  async rotate(keys: Keyring): Promise<number> {
    this.keys = keys;
    let rewritten = 0;
    const { items } = await this.inner.list("Secret");
    for (const raw of items) {
      const envelope = raw[SEALED_FIELD];
      if (isSealed(envelope) && sealedWith(envelope) === keys.primary.id) continue;
      await this.update(this.reveal(raw)); // CAS on the version just read
      rewritten += 1;
    }
    return rewritten;
  }

  private conceal(obj: ApiObject): ApiObject {
    if (obj.kind !== "Secret" || obj.data === undefined) return obj;
    const { data, ...rest } = obj;
    return { ...rest, [SEALED_FIELD]: seal(Buffer.from(JSON.stringify(data)), this.keys.primary) };
  }

  private reveal(obj: ApiObject): ApiObject {
    const envelope = obj[SEALED_FIELD];
    if (obj.kind !== "Secret" || !isSealed(envelope)) return obj;
    const { [SEALED_FIELD]: _sealed, ...rest } = obj;
    return { ...rest, data: JSON.parse(open(envelope, this.keys).toString("utf8")) as Record<string, string> };
  }
}
