// etcd's limits on one transaction, checked before sending so that the refusal names them.
//
// Measured on etcd 3.4.23 (reference/etcd.md): 129 compares or 129 puts in one txn ->
// "too many operations in txn request"; a txn over 1.5 MiB in all -> "request is too large".
// A skiff commit is ONE txn with one compare and at most one write per key, so its key count is
// what meets --max-txn-ops. Splitting a commit that is too large (a namespace deletion, a big
// scale-up) is only correct where the caller does not need it atomic, so the callers decide
// (commit-in-chunks.ts); a single object over the size limit is refused by name.
import { CommitTooLargeError } from "./errors.js";

export interface EtcdLimits {
  /** etcd's --max-txn-ops (default 128). */
  maxTxnOps: number;
  /** etcd's --max-request-bytes (default 1.5 MiB). */
  maxRequestBytes: number;
}

export const DEFAULT_ETCD_LIMITS: EtcdLimits = { maxTxnOps: 128, maxRequestBytes: 1.5 * 1024 * 1024 };

/** Protobuf framing per op and per field, generously rounded up. */
const PER_OP_OVERHEAD = 32;

/**
 * @param keys every etcd key the commit touches (one compare each).
 * @param writes the encoded value per etcd key to put, or undefined to delete.
 */
export function checkTxnLimits(keys: readonly string[], writes: ReadonlyMap<string, Buffer | undefined>, limits: EtcdLimits): void {
  if (keys.length > limits.maxTxnOps) {
    throw new CommitTooLargeError(
      `this commit touches ${keys.length} objects, more than etcd allows in one transaction (--max-txn-ops ${limits.maxTxnOps}); write them in smaller commits`,
    );
  }
  // One object too big for any transaction: no split can help, so say which object and by how much.
  for (const [key, value] of writes) {
    const size = opBytes(key, value);
    if (size > limits.maxRequestBytes) {
      throw new CommitTooLargeError(
        `${describeKey(key)} is ${formatBytes(size)} as stored, more than etcd accepts in one request (--max-request-bytes ${formatBytes(limits.maxRequestBytes)}); make it smaller (a ConfigMap or Secret can be split in several)`,
      );
    }
  }
  let bytes = 0;
  for (const key of keys) bytes += Buffer.byteLength(key) + PER_OP_OVERHEAD;
  for (const [key, value] of writes) bytes += opBytes(key, value);
  if (bytes > limits.maxRequestBytes) {
    throw new CommitTooLargeError(
      `this commit is about ${formatBytes(bytes)}, more than etcd accepts in one request (--max-request-bytes ${formatBytes(limits.maxRequestBytes)}); write it in smaller commits`,
    );
  }
}

function opBytes(key: string, value: Buffer | undefined): number {
  return Buffer.byteLength(key) + (value?.length ?? 0) + PER_OP_OVERHEAD;
}

/** `<prefix>/<kind>/<namespace>/<name>` -> "Pod default/web" (cluster-scoped: "Node n1"). */
function describeKey(key: string): string {
  const [kind, namespace, name] = key.split("/").slice(-3);
  return `${kind} ${namespace ? `${namespace}/` : ""}${name}`;
}

/** etcd's own refusal of a txn (its limits may be set lower than ours) as the same error. */
export function limitErrorFrom(err: unknown, limits: EtcdLimits): CommitTooLargeError | undefined {
  const message = err instanceof Error ? err.message : "";
  if (message.includes("too many operations in txn request")) {
    return new CommitTooLargeError(`etcd refused the commit: too many objects in one transaction (its --max-txn-ops; skiff assumed ${limits.maxTxnOps})`, { cause: err });
  }
  if (message.includes("request is too large")) {
    return new CommitTooLargeError(`etcd refused the commit: the request is too large (its --max-request-bytes; skiff assumed ${formatBytes(limits.maxRequestBytes)})`, { cause: err });
  }
  return undefined;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
