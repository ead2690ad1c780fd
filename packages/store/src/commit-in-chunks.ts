// Commits too large for one etcd transaction (issue 14): more than 128 objects, or more than about
// 1.5 MiB. A commit is atomic, so the store cannot cut one in two behind the caller's back; but
// many callers write objects that do not depend on each other (a namespace's contents deleted, a
// ReplicaSet's new pods created): for them, one commit per chunk is as correct as one in all,
// because they are level-triggered and a chunk that fails is written again on their next pass.
// `chunkOps` is the pure split; `commitInChunks` writes the chunks in order and stops at the
// first that fails (the earlier ones stay written).
//
// On LevelDB the chunks cost a little (one synced batch each) and change nothing else; callers
// therefore chunk the same on both backends, so their behaviour does not depend on the store.
import { refOf, type ApiObject } from "@skiff/api";
import { DEFAULT_ETCD_LIMITS } from "./etcd-limits.js";
import type { Store, WriteOp } from "./types.js";

export interface ChunkLimits {
  /** Ops per chunk (etcd's --max-txn-ops: one compare per key, and one more for a leader's fence). */
  maxOps: number;
  /**
   * Estimated bytes per chunk. Well under etcd's --max-request-bytes: the estimate is the JSON of
   * each object, and a Secret grows by about a third when it is encrypted on its way to the store.
   */
  maxBytes: number;
}

export const DEFAULT_CHUNK_LIMITS: ChunkLimits = { maxOps: DEFAULT_ETCD_LIMITS.maxTxnOps - 1, maxBytes: DEFAULT_ETCD_LIMITS.maxRequestBytes / 2 };

/** Roughly what one op adds to a transaction: its key, and the object it puts. */
function estimatedBytes(op: WriteOp): number {
  const ref = op.type === "delete" ? op.ref : refOf(op.object);
  const key = ref.kind.length + (ref.namespace?.length ?? 0) + ref.name.length + 64;
  return op.type === "delete" ? key : key + Buffer.byteLength(JSON.stringify(op.object));
}

/**
 * Split `ops`, in order, into chunks within `limits`. An op too big for any chunk gets one of its
 * own (the store then refuses it, naming the object and its size).
 */
export function chunkOps(ops: readonly WriteOp[], limits: ChunkLimits = DEFAULT_CHUNK_LIMITS): WriteOp[][] {
  const chunks: WriteOp[][] = [];
  let chunk: WriteOp[] = [];
  let bytes = 0;
  for (const op of ops) {
    const size = estimatedBytes(op);
    if (chunk.length > 0 && (chunk.length >= limits.maxOps || bytes + size > limits.maxBytes)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(op);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** True when `ops` fit one commit on every backend (within etcd's limits). */
export function fitsOneCommit(ops: readonly WriteOp[], limits: ChunkLimits = DEFAULT_CHUNK_LIMITS): boolean {
  return chunkOps(ops, limits).length <= 1;
}

/**
 * Commit `ops` (which must not depend on each other) in as many commits as etcd's limits need.
 * Returns one result per op, in order, like `commit`. Not atomic: when a chunk fails, the chunks
 * before it are written and the error is thrown; the caller's next pass writes the rest.
 */
export async function commitInChunks(store: Store, ops: readonly WriteOp[], limits: ChunkLimits = DEFAULT_CHUNK_LIMITS): Promise<ApiObject[]> {
  const results: ApiObject[] = [];
  for (const chunk of chunkOps(ops, limits)) results.push(...(await store.commit(chunk)));
  return results;
}
