// The leader, as people and kubectl see it: a coordination.k8s.io/v1 Lease,
// kube-system/skiff-controller-manager, written by the leader when its term begins, renewed while
// it leads, released when it resigns. It is a window onto the election, not the election itself
// (that is the etcd lease, elector.ts): a write here that fails costs nothing but a stale view.
//
// Each write is a compare-and-swap on the version last read, so a leader that stepped down can
// never overwrite what its successor wrote.
import { AlreadyExistsError, ConflictError, NotFoundError, sleep, whenAborted, type Lease } from "@skiff/api";
import type { Store } from "@skiff/store";
import type { Logger } from "../log.js";

export const LEADER_LEASE = { kind: "Lease", namespace: "kube-system", name: "skiff-controller-manager" } as const;

/** Kubernetes' MicroTime: RFC 3339 with six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** The Lease as a new term begins: ours from now, one more transition if someone else held it. */
export function acquiredLease(old: Lease | undefined, identity: string, now: number, durationSeconds: number): Lease {
  const before = old?.spec ?? {};
  // As client-go counts: any earlier record held by another identity (or released) is a transition.
  const changed = old !== undefined && before.holderIdentity !== identity;
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: old?.metadata ?? { name: LEADER_LEASE.name, namespace: LEADER_LEASE.namespace, uid: crypto.randomUUID(), creationTimestamp: new Date(now).toISOString() },
    spec: {
      holderIdentity: identity,
      leaseDurationSeconds: durationSeconds,
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: (before.leaseTransitions ?? 0) + (changed ? 1 : 0),
    },
  };
}

/** The Lease renewed at `now`, or undefined when it is not ours any more (we must not touch it). */
export function renewedLease(current: Lease, identity: string, now: number): Lease | undefined {
  if (current.spec?.holderIdentity !== identity) return undefined;
  return { ...current, spec: { ...current.spec, renewTime: microTime(now) } };
}

/** Released on a clean stop, as client-go's ReleaseOnCancel writes it: no holder, 1 s duration. */
export function releasedLease(current: Lease, identity: string, now: number): Lease | undefined {
  if (current.spec?.holderIdentity !== identity) return undefined;
  return { ...current, spec: { ...current.spec, holderIdentity: "", leaseDurationSeconds: 1, renewTime: microTime(now) } };
}

export interface LeaseObjectOptions {
  durationSeconds: number;
  /** Renew renewTime this often while leading; undefined: write it once per term (a single server). */
  renewEveryMs?: number;
  now?: () => number;
}

/** Runs for one term: write the acquired Lease, renew it, release it when the term ends. */
export async function keepLeaseObject(store: Store, identity: string, o: LeaseObjectOptions, signal: AbortSignal, log: Logger): Promise<void> {
  const now = o.now ?? Date.now;
  let current: Lease | undefined;
  const write = async (next: (old: Lease | undefined) => Lease | undefined): Promise<void> => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const old = (await store.get(LEADER_LEASE)) as Lease | undefined;
      const lease = next(old);
      if (!lease) return;
      try {
        current = (await (old ? store.update(lease) : store.create(lease))) as Lease;
        return;
      } catch (err) {
        if (!(err instanceof ConflictError) && !(err instanceof NotFoundError) && !(err instanceof AlreadyExistsError)) throw err;
      }
    }
  };
  const attempt = (what: string, next: (old: Lease | undefined) => Lease | undefined) =>
    write(next).catch((err: unknown) => log.warn({ err, lease: `${LEADER_LEASE.namespace}/${LEADER_LEASE.name}` }, `could not write the leader Lease (${what})`));
  await attempt("acquire", (old) => acquiredLease(old, identity, now(), o.durationSeconds));
  if (o.renewEveryMs !== undefined) {
    while (!signal.aborted) {
      await sleep(o.renewEveryMs, signal);
      if (!signal.aborted) await attempt("renew", (old) => (old ? renewedLease(old, identity, now()) : undefined));
    }
  } else {
    await whenAborted(signal);
  }
  if (current) await attempt("release", (old) => (old ? releasedLease(old, identity, now()) : undefined));
}
