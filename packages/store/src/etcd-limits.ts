// etcd's limits on one transaction, checked before sending so that the refusal names them.
//
// Measured on etcd 3.4.23 (reference/etcd.md): 129 compares or 129 puts in one txn ->
// "too many operations in txn request"; a txn over 1.5 MiB in all -> "request is too large".
// A skiff commit is ONE txn with one compare and at most one write per key, so its key count is
// what meets --max-txn-ops. Splitting a commit that is too large (a namespace deletion, a big
// scale-up) is only correct where the caller does not need it atomic, so it belongs to the
// callers (issue 14's next step), not here.
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
 * @param keys every key the commit touches (one compare each).
 * @param writes the encoded value per key to put, or undefined to delete.
 */
export function checkTxnLimits(keys: readonly Buffer[], writes: ReadonlyMap<Buffer, Buffer | undefined>, limits: EtcdLimits): void {
  if (keys.length > limits.maxTxnOps) {
    throw new CommitTooLargeError(
      `this commit touches ${keys.length} objects, more than etcd allows in one transaction (--max-txn-ops ${limits.maxTxnOps}); write them in smaller commits`,
    );
  }
  let bytes = 0;
  for (const key of keys) bytes += key.length + PER_OP_OVERHEAD;
  for (const [key, value] of writes) bytes += key.length + (value?.length ?? 0) + PER_OP_OVERHEAD;
  if (bytes > limits.maxRequestBytes) {
    throw new CommitTooLargeError(
      `this commit is about ${formatBytes(bytes)}, more than etcd accepts in one request (--max-request-bytes ${formatBytes(limits.maxRequestBytes)}); write it in smaller commits`,
    );
  }
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
