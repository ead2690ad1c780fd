// One record per allocated range (Service IPs, node indexes), so that two allocations never hand
// out the same value. Kubernetes keeps a `RangeAllocation` object in etcd for the same purpose.
//
// Here the record holds no data: what is taken is read from the objects themselves (the Services,
// the Nodes), so a delete frees its values with nothing to update. The record is the point that
// serializes allocations. An allocation
//   1. reads the record (its resourceVersion),
//   2. then lists the objects and picks free values,
//   3. commits its object together with a compare-and-swap write of the record.
// Two allocations that overlap both read the same record version; the first commit bumps it, so
// the second fails with a ConflictError and is planned again from a fresh list. One that starts
// after another's commit lists that commit's object, since it read the record after it.
//
// The record is internal: it is not a kind of the API (no `skiff get`), and the API's watch of
// every kind leaves it out.
import { AlreadyExistsError, ConflictError, backoffDelay, sleep, traceLatency, type ApiObject, type BackoffPolicy, type Pod } from "@skiff/api";
import type { Store, WriteOp } from "@skiff/store";

export const RANGE_ALLOCATION_KIND = "RangeAllocation";

export interface AllocationGuard {
  /** Commit this with the allocated object: it fails if another allocation committed since. */
  op: WriteOp;
  /** After a failed commit: did another allocation commit in between (then plan again)? */
  raced(): Promise<boolean>;
}

/** Read the record `name` (for the values of `range`); call before listing what is taken. */
export async function guardAllocations(store: Store, name: string, range: string): Promise<AllocationGuard> {
  const ref = { kind: RANGE_ALLOCATION_KIND, name };
  const record = await store.get(ref);
  const version = record?.metadata.resourceVersion;
  const op: WriteOp = record
    ? { type: "update", object: record }
    : { type: "create", object: { apiVersion: "skiff.dev/v1", kind: RANGE_ALLOCATION_KIND, metadata: { name }, range } satisfies ApiObject };
  return {
    op,
    raced: async () => (await store.get(ref))?.metadata.resourceVersion !== version,
  };
}

/** A commit that lost the race with another allocation: plan it again. */
export class AllocationRaceError extends ConflictError {
  constructor(cause: unknown) {
    super("another allocation committed first; planning again", { cause });
  }
}

/** Commit `ops` with the guard's write; a lost race becomes an AllocationRaceError. */
export async function commitGuarded(store: Store, ops: WriteOp[], guard: AllocationGuard | undefined): Promise<ApiObject[]> {
  if (!guard) return traced(await store.commit(ops));
  try {
    return traced((await store.commit([...ops, guard.op])).slice(0, ops.length));
  } catch (err) {
    if ((err instanceof ConflictError || err instanceof AlreadyExistsError) && (await guard.raced())) throw new AllocationRaceError(err);
    throw err;
  }
}

/** How many times an allocation that keeps losing races is planned again before giving up. */
export const ALLOCATION_ATTEMPTS = 30;

/** Run `attempt` again while it loses allocation races; then the race is reported (a ConflictError). */
export async function retryAllocation<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof AllocationRaceError) || i >= ALLOCATION_ATTEMPTS) throw err;
      await allocationBackoff(i);
    }
  }
}

/**
 * A short random pause before planning again, growing with the attempts: a burst of allocations
 * (twelve Services applied at once) spreads out instead of colliding again in lock step.
 */
export function allocationBackoff(attempt: number): Promise<void> {
  return sleep(backoffDelay(attempt, ALLOCATION_BACKOFF));
}

/** 5 ms, 10 ms, 20 ms... up to 50 ms, anywhere from 0 to that (full jitter). */
const ALLOCATION_BACKOFF: BackoffPolicy = { initialMs: 5, maxMs: 50, jitter: 1 };

/** SKIFF_TRACE=latency: a pod the API stored, not yet bound, starts its way to Running here. */
function traced(stored: ApiObject[]): ApiObject[] {
  for (const o of stored) if (o.kind === "Pod" && !(o as Pod).spec?.nodeName) traceLatency("stored", `${o.metadata.namespace}/${o.metadata.name}`);
  return stored;
}
