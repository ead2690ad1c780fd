// The Store on etcd (3.4+): the same contract as LevelStore, for a control plane whose state must
// outlive one machine. How each part maps onto etcd is in README.md; in short:
//   resourceVersion = the key's mod_revision; the store's revision = etcd's cluster revision;
//   commit = read the touched keys, planCommit (the same pure planner as LevelDB), then ONE txn
//   whose compares say "every key is still as I read it" and whose ops are the plan's writes
//   (etcd-commit-txn.ts);
//   list = paged ranges at one revision; watch = etcd-watch.ts.
// Commits from this process still go one at a time (a mutex, as in LevelStore), so they apply in
// the order they were made; commits from other processes are caught by the compares.
import { ExpiredError, UnavailableError, ValidationError, sleep, type ApiObject, type ObjectRef } from "@skiff/api";
import type { Etcd3, IKeyValue } from "etcd3";
import { DEFAULT_CALL_TIMEOUT_MS, createEtcdClient, isUnavailable, noQuorumMessage, read, translate, type EtcdConnection } from "./etcd-client.js";
import { commitTxn, sendTxn } from "./etcd-commit-txn.js";
import { DEFAULT_ETCD_PREFIX, decodeValue, normalizePrefix, prefixEnd } from "./etcd-keys.js";
import { DEFAULT_ETCD_LIMITS, checkTxnLimits, limitErrorFrom, type EtcdLimits } from "./etcd-limits.js";
import { DEFAULT_WATCH_RETRY, followEtcd, type WatchRetry } from "./etcd-watch.js";
import { kindPrefix, namespacePrefix, storeKey } from "./keys.js";
import { Mutex } from "./mutex.js";
import { LeadershipLostError } from "./errors.js";
import { FencedStore, type Fence } from "./etcd-fence.js";
import { SingleWrites } from "./single-writes.js";
import { opKey, planCommit } from "./plan.js";
import type { ListOptions, ListResult, Store, WatchEvent, WatchOptions, WriteOp } from "./types.js";

export interface EtcdStoreOptions extends EtcdConnection {
  /** Every key lives under this prefix (default `/skiff`), so one etcd can hold several clusters. */
  prefix?: string;
  /** etcd's per-transaction limits, when the cluster was started with other values. */
  limits?: Partial<EtcdLimits>;
  /** Keys per page of a list (etcd answers one range in one message). */
  pageSize?: number;
  /** How soon a watch whose stream broke tries again (default 100 ms doubling to 2 s). */
  watchRetry?: WatchRetry;
}

const DEFAULT_PAGE_SIZE = 500;
/** A commit whose compares failed (another server wrote a key) is re-read and re-planned this often. */
const MAX_COMMIT_ATTEMPTS = 10;
/** Before each new attempt, a random wait of up to this many ms per attempt: two writers in lockstep part. */
const COMMIT_JITTER_MS = 10;
/** A list whose later pages hit a compaction starts over at a new revision this often. */
const MAX_LIST_ATTEMPTS = 3;

export class EtcdStore extends SingleWrites implements Store {
  private readonly writeLock = new Mutex();
  private readonly closed = new AbortController();
  private closing: Promise<void> | undefined;
  private highestRevision = 0;

  private constructor(
    private readonly client: Etcd3,
    private readonly endpoints: string[],
    private readonly prefix: string,
    private readonly limits: EtcdLimits,
    private readonly pageSize: number,
    private readonly timeoutMs: number,
    private readonly watchRetry: WatchRetry,
  ) {
    super();
  }

  /**
   * Connect and read the current revision. Fails with UnavailableError naming the endpoints when
   * etcd does not answer within the call deadline: a server must not start on a store it cannot reach.
   */
  static async open(options: EtcdStoreOptions): Promise<EtcdStore> {
    const client = createEtcdClient(options);
    const store = new EtcdStore(
      client,
      options.endpoints,
      normalizePrefix(options.prefix ?? DEFAULT_ETCD_PREFIX),
      { ...DEFAULT_ETCD_LIMITS, ...options.limits },
      options.pageSize ?? DEFAULT_PAGE_SIZE,
      options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
      options.watchRetry ?? DEFAULT_WATCH_RETRY,
    );
    try {
      await store.readRevision();
      return store;
    } catch (err) {
      client.close();
      throw err;
    }
  }

  /** The highest etcd revision this store has seen (writes, reads, watch progress). */
  revision(): number {
    return this.highestRevision;
  }

  async get(ref: ObjectRef): Promise<ApiObject | undefined> {
    this.assertOpen();
    const key = Buffer.from(this.keyOf(storeKey(ref)));
    const response = await read(this.endpoints, `get ${key.toString()}`, (d) => this.client.kv.range({ key }, d), this.timeoutMs);
    this.sawRevision(Number(response.header.revision));
    const [kv] = response.kvs;
    return kv ? decodeValue(kv) : undefined;
  }

  async list(kind: string, options: ListOptions = {}): Promise<ListResult> {
    this.assertOpen();
    const { namespace, selector } = options;
    const prefix = this.keyOf(namespace ? namespacePrefix(kind, namespace) : kindPrefix(kind));
    for (let attempt = 1; ; attempt++) {
      try {
        const { kvs, revision } = await this.rangeAtOneRevision(prefix);
        const items: ApiObject[] = [];
        for (const kv of kvs) {
          const object = decodeValue(kv);
          if (!selector || selector.matches(object.metadata.labels)) items.push(object);
        }
        // etcd returns byte order of `ns/name`, which is not namespace-then-name (`-` < `/`).
        return { items: items.sort(byNamespaceThenName), revision };
      } catch (err) {
        // The compactor ran between two pages: the first page's revision is gone; start over.
        if (attempt < MAX_LIST_ATTEMPTS && err instanceof ExpiredError) continue;
        throw err;
      }
    }
  }

  commit(ops: WriteOp[]): Promise<ApiObject[]> {
    if (this.closing) return Promise.reject(closedError());
    return this.writeLock.run(() => this.commitLocked(ops));
  }

  /** A commit made only if `fence` (a leader term) still holds: LeadershipLostError otherwise (etcd-fence.ts). */
  commitFenced(ops: WriteOp[], fence: Fence): Promise<ApiObject[]> {
    if (this.closing) return Promise.reject(closedError());
    return this.writeLock.run(() => this.commitLocked(ops, fence));
  }

  /** This store as one leader term sees it: every commit also requires the term to hold. */
  fenced(fence: Fence, onLost?: () => void): Store {
    return new FencedStore(this, fence, onLost);
  }

  watch(options: WatchOptions): AsyncIterable<WatchEvent> {
    const { fromRevision } = options;
    if (!Number.isSafeInteger(fromRevision) || fromRevision < 0) {
      throw new ValidationError([{ path: "fromRevision", message: `must be a whole number >= 0, got ${fromRevision}` }]);
    }
    // On a closed store the watch ends at once (as on LevelDB), rather than throwing.
    const source = {
      client: this.client,
      prefix: this.prefix,
      closed: this.closed.signal,
      sawRevision: (revision: number) => this.sawRevision(revision),
      retry: this.watchRetry,
    };
    return { [Symbol.asyncIterator]: () => followEtcd(source, options) };
  }

  /** End every watch, refuse new writes, let queued ones finish, then disconnect. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed.abort();
      await this.writeLock.run(async () => this.client.close());
    })();
    return this.closing;
  }

  private async commitLocked(ops: WriteOp[], fence?: Fence): Promise<ApiObject[]> {
    if (ops.length === 0) return []; // nothing to write: no new revision
    const keys = [...new Set(ops.map(opKey))];
    for (let attempt = 1; ; attempt++) {
      const current = await this.readKeys(keys).catch((err: unknown) => {
        // Nothing was sent yet: the write certainly was not made.
        throw err instanceof UnavailableError && isUnavailable(err.cause) ? new UnavailableError(noQuorumMessage(this.endpoints, "commit", err.cause, "write not made; try again when etcd is back"), { cause: err.cause }) : err;
      });
      // The revision is only known once the txn commits: plan with the likely one (what ops of
      // this commit see of each other), and stamp the results with the real one after.
      const objects = new Map([...current].map(([key, kv]) => [key, kv && decodeValue(kv)]));
      const plan = planCommit(ops, objects, this.highestRevision + 1);

      const txn = commitTxn(keys, current, plan.writes, (key) => this.keyOf(key), fence);
      checkTxnLimits(txn.etcdKeys, txn.writes, this.limits);
      let response;
      try {
        response = await sendTxn({ client: this.client, endpoints: this.endpoints, timeoutMs: this.timeoutMs }, txn);
      } catch (err) {
        const limit = limitErrorFrom(err, this.limits);
        if (limit) throw limit;
        throw translate(this.endpoints, "commit", err);
      }
      const revision = response.revision;
      this.sawRevision(revision);
      if (response.succeeded) {
        const rv = String(revision);
        return plan.results.map((object) => {
          const copy = structuredClone(object);
          copy.metadata.resourceVersion = rv;
          return copy;
        });
      }
      if (fence) {
        const holder = response.responses[0]?.response_range?.kvs[0];
        if (Number(holder?.create_revision ?? 0) !== fence.createRevision) {
          throw new LeadershipLostError(
            `write refused: ${fence.identity} no longer leads (${holder ? `${holder.value.toString("utf8")} does` : "no server does"}); nothing was written`,
          );
        }
      }
      // Another writer changed a key since we read it: read again and re-plan, which either
      // succeeds or names the real reason (Conflict, NotFound, AlreadyExists).
      if (attempt === MAX_COMMIT_ATTEMPTS) {
        throw new UnavailableError(`the commit lost ${attempt} races in a row with other writers to etcd; retry`);
      }
      await sleep(Math.random() * COMMIT_JITTER_MS * attempt);
    }
  }

  /** The stored key-values of `keys` (undefined when absent), in chunks that fit one txn. */
  private async readKeys(keys: string[]): Promise<Map<string, IKeyValue | undefined>> {
    const result = new Map<string, IKeyValue | undefined>();
    for (let i = 0; i < keys.length; i += this.limits.maxTxnOps) {
      const chunk = keys.slice(i, i + this.limits.maxTxnOps);
      const success = chunk.map((key) => ({ request_range: { key: Buffer.from(this.keyOf(key)) } }));
      const response = await read(this.endpoints, "read before commit", (d) => this.client.kv.txn({ success }, d), this.timeoutMs);
      this.sawRevision(Number(response.header.revision));
      chunk.forEach((key, j) => result.set(key, response.responses[j]?.response_range.kvs[0]));
    }
    return result;
  }

  /** Every key-value under `prefix`, page by page, all read at the revision of the first page. */
  private async rangeAtOneRevision(prefix: string): Promise<{ kvs: IKeyValue[]; revision: number }> {
    const start = Buffer.from(prefix);
    const end = prefixEnd(start);
    const kvs: IKeyValue[] = [];
    let key = start;
    let revision: number | undefined;
    for (;;) {
      const request = { key, range_end: end, limit: this.pageSize, ...(revision ? { revision } : {}) };
      const page = await read(this.endpoints, `list ${prefix}`, (d) => this.client.kv.range(request, d), this.timeoutMs);
      revision ??= Number(page.header.revision);
      kvs.push(...page.kvs);
      const last = page.kvs[page.kvs.length - 1];
      if (!page.more || !last) break;
      key = Buffer.concat([last.key, Buffer.from([0])]); // the next key after the last one read
    }
    this.sawRevision(revision);
    return { kvs, revision };
  }

  private async readRevision(): Promise<void> {
    const key = Buffer.from(this.prefix + "/");
    const response = await read(this.endpoints, "connect", (d) => this.client.kv.range({ key, range_end: prefixEnd(key), count_only: true }, d), this.timeoutMs);
    this.sawRevision(Number(response.header.revision));
  }

  private sawRevision(revision: number): void {
    if (revision > this.highestRevision) this.highestRevision = revision;
  }

  private keyOf(key: string): string {
    return this.prefix + key;
  }

  private assertOpen(): void {
    if (this.closing) throw closedError();
  }
}

function closedError(): UnavailableError {
  return new UnavailableError("the store is closed");
}

function byNamespaceThenName(a: ApiObject, b: ApiObject): number {
  return compare(a.metadata.namespace ?? "", b.metadata.namespace ?? "") || compare(a.metadata.name, b.metadata.name);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
