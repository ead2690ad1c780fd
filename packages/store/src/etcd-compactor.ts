// etcd keeps every revision until someone compacts it; with no compaction its database grows
// until it hits its quota (2 GiB by default) and turns read-only. The Kubernetes apiserver
// compacts every 5 minutes to the revision it saw 5 minutes earlier; so does this, which means a
// watch can always resume from a revision up to 5 minutes old (older -> ExpiredError, re-list).
//
// Compaction is cluster-wide (every key, not only skiff's prefix) and several compactors would
// fight, so one server runs it: the leader, once there is leader election (issue 14). Space
// freed by compaction is only returned to the disk by `etcdctl defrag`, an operator's job.
import type { Etcd3 } from "etcd3";
import { createEtcdClient, deadline, DEFAULT_CALL_TIMEOUT_MS, isCompacted, read, type EtcdConnection } from "./etcd-client.js";

export interface EtcdCompactorOptions extends EtcdConnection {
  /** How often to compact (default 5 min). */
  intervalMs?: number;
  /** Revisions younger than this are never compacted (default 5 min; at least intervalMs). */
  retentionMs?: number;
  now?: () => number;
}

export const DEFAULT_COMPACTION_INTERVAL_MS = 5 * 60_000;

export class EtcdCompactor {
  private readonly client: Etcd3;
  private readonly intervalMs: number;
  private readonly retentionMs: number;
  private readonly now: () => number;
  /** Revisions seen at each tick, oldest first: the candidates to compact to once old enough. */
  private seen: { revision: number; at: number }[] = [];

  constructor(private readonly options: EtcdCompactorOptions) {
    this.client = createEtcdClient(options);
    this.intervalMs = options.intervalMs ?? DEFAULT_COMPACTION_INTERVAL_MS;
    this.retentionMs = Math.max(options.retentionMs ?? DEFAULT_COMPACTION_INTERVAL_MS, 0);
    this.now = options.now ?? Date.now;
  }

  /** Compact every interval until `signal` aborts; a failed round is retried at the next one. */
  async start(signal: AbortSignal, onError: (err: unknown) => void = () => {}): Promise<void> {
    while (!signal.aborted) {
      await this.tick().catch(onError);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.intervalMs);
        function done() {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          resolve();
        }
        signal.addEventListener("abort", done, { once: true });
      });
    }
    this.client.close();
  }

  /**
   * One round: note the current revision, and compact to the newest noted revision that is at
   * least `retentionMs` old. Returns the revision compacted to, if any.
   */
  async tick(): Promise<number | undefined> {
    const timeoutMs = this.options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    const now = this.now();
    const { header } = await read(this.options.endpoints, "compactor", (d) =>
      this.client.kv.range({ key: Buffer.from([0]), count_only: true }, d), timeoutMs,
    );
    const old = this.seen.filter((s) => s.at <= now - this.retentionMs);
    this.seen = [...this.seen.filter((s) => s.at > now - this.retentionMs), { revision: Number(header.revision), at: now }];
    const target = old[old.length - 1];
    if (!target) return undefined;
    try {
      await this.client.kv.compact({ revision: target.revision, physical: false }, deadline(timeoutMs));
    } catch (err) {
      if (!isCompacted(err)) throw err; // another compactor already went further: fine
    }
    return target.revision;
  }

  close(): void {
    this.client.close();
  }
}
