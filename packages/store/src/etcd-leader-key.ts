// The etcd side of leader election (issue 14): one key, `<prefix>/system/leader`, bound to an
// etcd lease. Whoever creates the key (a transaction comparing create_revision == 0) leads while
// it keeps its lease alive; when the lease expires or is revoked, etcd deletes the key and the
// next candidate's campaign succeeds. The decisions (when to renew, when to give up) are the
// server's (packages/server/src/leader); this module only does the calls, each with a deadline.
//
// The key lives outside the objects' key space (`/skiff/system/...`, never a kind). A watch of
// several kinds or of all still gets its events from etcd (its range is the whole prefix):
// etcd-watch.ts skips every key that is not an object's before decoding it.
import type { Etcd3 } from "etcd3";
import { createEtcdClient, deadline, DEFAULT_CALL_TIMEOUT_MS, read, translate, type EtcdConnection } from "./etcd-client.js";
import { DEFAULT_ETCD_PREFIX, normalizePrefix } from "./etcd-keys.js";
import type { Fence } from "./etcd-fence.js";

export interface EtcdLeaderKeyOptions extends EtcdConnection {
  prefix?: string;
  /** The etcd lease's TTL in whole seconds (etcd's unit); default 5. */
  ttlSeconds?: number;
}

export interface CampaignResult {
  won: boolean;
  /** Who holds the key now (ourselves when won), if anyone. */
  holder?: string;
}

export class EtcdLeaderKey {
  private readonly client: Etcd3;
  private readonly key: Buffer;
  private readonly ttlSeconds: number;
  private readonly timeoutMs: number;
  /** The lease our key is bound to, while we hold it. */
  private leaseId: string | undefined;
  /** Our term, as the fence our writes carry (etcd-fence.ts), while we hold the key. */
  private term: Fence | undefined;

  constructor(private readonly options: EtcdLeaderKeyOptions) {
    this.client = createEtcdClient(options);
    this.key = Buffer.from(`${normalizePrefix(options.prefix ?? DEFAULT_ETCD_PREFIX)}/system/leader`);
    this.ttlSeconds = options.ttlSeconds ?? 5;
    this.timeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  }

  /**
   * Try to become the holder. A held key is only read (no lease is granted for a campaign that
   * cannot win); a free one gets a new lease and a create-only transaction.
   */
  async campaign(identity: string, timeoutMs = this.timeoutMs): Promise<CampaignResult> {
    const holder = await this.holder(timeoutMs);
    if (holder !== undefined) return { won: false, holder };
    const endpoints = this.options.endpoints;
    try {
      const { ID } = await this.client.leaseClient.leaseGrant({ TTL: this.ttlSeconds, ID: 0 }, deadline(timeoutMs));
      const response = await this.client.kv.txn(
        {
          compare: [{ key: this.key, target: "Create", result: "Equal", create_revision: 0 }],
          success: [{ request_put: { key: this.key, value: Buffer.from(identity), lease: ID } }],
          failure: [{ request_range: { key: this.key } }],
        },
        deadline(timeoutMs),
      );
      if (response.succeeded) {
        this.leaseId = ID;
        // Every op of a txn is at its revision: the key's create_revision, unique to this term.
        this.term = { key: this.key.toString(), createRevision: Number(response.header.revision), identity };
        return { won: true, holder: identity };
      }
      await this.client.leaseClient.leaseRevoke({ ID }, deadline(timeoutMs)).catch(() => undefined); // lost the race: free the lease now
      const kv = response.responses[0]?.response_range?.kvs[0];
      return { won: false, holder: kv?.value.toString("utf8") };
    } catch (err) {
      throw translate(endpoints, "leader campaign", err);
    }
  }

  /**
   * One keepalive of our lease. True when etcd renewed it (for another TTL from when it received
   * the request); false when the lease is gone (expired or revoked): we no longer hold the key.
   */
  async renew(timeoutMs = this.timeoutMs): Promise<boolean> {
    const id = this.leaseId;
    if (id === undefined) return false;
    const stream = await this.client.leaseClient.leaseKeepAlive();
    try {
      const ttl = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no keepalive answer within ${timeoutMs} ms`)), timeoutMs);
        stream.on("data", (res) => {
          clearTimeout(timer);
          resolve(Number(res.TTL));
        });
        stream.on("error", (err) => {
          clearTimeout(timer);
          reject(err);
        });
        stream.write({ ID: id });
      });
      if (ttl <= 0) this.leaseId = undefined;
      return ttl > 0;
    } catch (err) {
      throw translate(this.options.endpoints, "leader lease keepalive", err);
    } finally {
      stream.cancel();
    }
  }

  /** The fence of the term we won, for the term's writes; undefined when not holding the key. */
  fence(): Fence | undefined {
    return this.leaseId === undefined ? undefined : this.term;
  }

  /** Give the key up at once (revoke the lease): the next campaign anywhere wins. */
  async resign(timeoutMs = this.timeoutMs): Promise<void> {
    const id = this.leaseId;
    this.leaseId = undefined;
    if (id === undefined) return;
    try {
      await this.client.leaseClient.leaseRevoke({ ID: id }, deadline(timeoutMs));
    } catch (err) {
      throw translate(this.options.endpoints, "leader resign", err);
    }
  }

  /** Forget our lease without a call (it expires by itself): after stepping down for silence. */
  abandon(): void {
    this.leaseId = undefined;
  }

  /** The identity in the leader key, or undefined when no one leads. */
  async holder(timeoutMs = this.timeoutMs): Promise<string | undefined> {
    const { kvs } = await read(this.options.endpoints, "leader key", (d) => this.client.kv.range({ key: this.key }, d), timeoutMs);
    return kvs[0]?.value.toString("utf8");
  }

  close(): void {
    this.client.close();
  }
}
