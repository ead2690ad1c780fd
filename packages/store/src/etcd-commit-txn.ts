// One commit as one etcd transaction (etcd-store.ts plans it; this writes it). The txn compares
// every touched key with what was read ("still as I read it"), puts or deletes the plan's keys,
// and on failure reads them back: what settles an earlier attempt whose answer was lost.
import { UnavailableError, sleep, type ApiObject } from "@skiff/api";
import type { Etcd3, ICompare, IKeyValue, IRequestOp, IResponseOp } from "etcd3";
import { NOT_SENT_PAUSE_MS, deadline, isUnavailable, noQuorumMessage, wasNotSent } from "./etcd-client.js";
import { commitOutcome, type CommitOutcome, type KeyStates } from "./etcd-commit-outcome.js";
import { encodeValue } from "./etcd-keys.js";
import type { Fence } from "./etcd-fence.js";

/**
 * The longest one attempt of a commit's txn may take. A member that hangs costs this much once
 * (then it is avoided), and the txn goes again to another member, which settles its outcome.
 */
const TXN_ATTEMPT_MS = 1_500;

export interface CommitTxn {
  request: { compare: ICompare[]; success: IRequestOp[]; failure: IRequestOp[] };
  /** Every etcd key the txn touches (the fence's too), and the value it writes to each: for etcd's limits. */
  etcdKeys: string[];
  writes: Map<string, Buffer | undefined>;
  /** Whether the commit was made, from a failed attempt's answer (its reads of the keys). */
  settle(failureResponses: IResponseOp[]): CommitOutcome;
}

/**
 * @param keys the store keys the commit touches; `current` what each held when read.
 * @param planned the plan's writes (an object, or undefined to delete); `keyOf` a store key's etcd key.
 * @param fence when given, the txn also requires this leader term to hold (etcd-fence.ts).
 */
export function commitTxn(
  keys: string[],
  current: Map<string, IKeyValue | undefined>,
  planned: Map<string, ApiObject | undefined>,
  keyOf: (key: string) => string,
  fence?: Fence,
): CommitTxn {
  const compare: ICompare[] = [];
  const success: IRequestOp[] = [];
  const writes = new Map<string, Buffer | undefined>();
  const etcdKeys: string[] = [];
  for (const key of keys) {
    const kv = current.get(key);
    const etcdKey = Buffer.from(keyOf(key));
    etcdKeys.push(keyOf(key));
    // "Still as I read it": the same version, or still absent.
    compare.push(kv ? { key: etcdKey, target: "Mod", result: "Equal", mod_revision: kv.mod_revision } : { key: etcdKey, target: "Create", result: "Equal", create_revision: 0 });
  }
  for (const [key, object] of planned) {
    const etcdKey = Buffer.from(keyOf(key));
    if (object) {
      const value = encodeValue(object);
      writes.set(keyOf(key), value);
      success.push({ request_put: { key: etcdKey, value } });
    } else if (current.get(key)) {
      writes.set(keyOf(key), undefined);
      success.push({ request_delete_range: { key: etcdKey } });
    }
    // Created and deleted in this same commit: nothing to write (its compare still guards it).
  }
  const fenceKey = fence && Buffer.from(fence.key);
  if (fence && fenceKey) {
    compare.push({ key: fenceKey, target: "Create", result: "Equal", create_revision: String(fence.createRevision) });
    etcdKeys.push(fence.key);
  }
  // A failed txn answers what every touched key holds now (and, with a fence, who holds the
  // leader key): what settles the outcome of an earlier attempt whose answer was lost.
  const failure: IRequestOp[] = [...(fenceKey ? [fenceKey] : []), ...etcdKeys.slice(0, keys.length).map((k) => Buffer.from(k))].map((key) => ({ request_range: { key } }));
  const before: KeyStates = new Map(keys.map((key) => [keyOf(key), current.get(key)]));
  const settle = (responses: IResponseOp[]) => {
    const now: KeyStates = new Map(keys.map((key, j) => [keyOf(key), responses[j + (fenceKey ? 1 : 0)]?.response_range?.kvs[0]]));
    return commitOutcome(before, writes, now);
  };
  return { request: { compare, success, failure }, etcdKeys, writes, settle };
}

export interface TxnConnection {
  client: Etcd3;
  endpoints: string[];
  /** The whole budget of one commit's txn, over every attempt. */
  timeoutMs: number;
}

/**
 * The commit's txn, sent again to another member when it never reached one (a member down) or
 * when its attempt timed out (a member that hangs): an attempt that timed out may have been
 * applied, so the next attempt's answer settles it (`txn.settle`, on what the keys hold now). When
 * nothing settles it within the budget, the write may or may not have been made, and the error
 * says so. Never retried blindly: that would report the caller's own write as a conflict.
 */
export async function sendTxn(
  { client, endpoints, timeoutMs }: TxnConnection,
  txn: Pick<CommitTxn, "request" | "settle">,
): Promise<{ succeeded: boolean; revision: number; responses: IResponseOp[] }> {
  const end = Date.now() + timeoutMs;
  let unsettled: unknown; // why an earlier attempt's outcome is unknown
  let lastError: unknown;
  const mayOrMayNot = () =>
    new UnavailableError(noQuorumMessage(endpoints, "commit", unsettled, "the write was sent but not confirmed, and may or may not have been made: read again before retrying"), { cause: unsettled });
  while (Date.now() < end) {
    let response;
    try {
      response = await client.kv.txn(txn.request, deadline(Math.max(1, Math.min(TXN_ATTEMPT_MS, end - Date.now()))));
    } catch (err) {
      if (!isUnavailable(err)) throw unsettled ? mayOrMayNot() : err;
      lastError = err;
      if (wasNotSent(err)) await sleep(NOT_SENT_PAUSE_MS);
      else unsettled ??= err; // that member is avoided from now on: the next attempt goes elsewhere
      continue;
    }
    const result = { succeeded: response.succeeded, revision: Number(response.header.revision), responses: response.responses };
    // Applied now: an earlier attempt, then, had not been (its compares would fail now), and never will be.
    if (!unsettled || response.succeeded) return result;
    const outcome = txn.settle(response.responses);
    if (outcome?.made) return { ...result, succeeded: true, revision: outcome.revision };
    if (outcome) return result; // not made: an ordinary compare failure
    break;
  }
  if (unsettled) throw mayOrMayNot();
  throw lastError ?? new UnavailableError(noQuorumMessage(endpoints, "commit", "no time left", "write not made; try again when etcd is back"));
}
