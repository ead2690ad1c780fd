// Node heartbeats that the leader can see when the agent talks to another server (issue 14).
// Heartbeats land in memory, on the server that holds the node's session. The leader's node
// lifecycle reads its own memory; for the nodes whose sessions another server holds, that server
// writes what it heard into a Lease per node, kube-node-lease/<node>, as Kubernetes' kubelet
// does, and the lifecycle takes the later of the two (lifecycle.ts).
//
// Only a server that does not lead writes them (the leader has the heartbeats in memory), only
// for nodes heard since its last write, and only with several servers (etcd): a single server
// writes nothing extra. Once per heartbeat period: with NotReady after 3 periods, a heartbeat
// reaches the leader at most one period (plus a watch delay) late.
import { NotFoundError, sleep, type Lease } from "@skiff/api";
import type { Store } from "@skiff/store";
import type { Logger } from "../log.js";
import { microTime } from "../leader/lease-object.js";
import type { Sessions } from "./sessions.js";

export const NODE_LEASE_NAMESPACE = "kube-node-lease";

/** The nodes heard since their lease was last written, with when they were heard. Pure. */
export function leasesToRenew(heard: ReadonlyMap<string, number>, written: ReadonlyMap<string, number>, leading: boolean): [string, number][] {
  if (leading) return [];
  return [...heard].filter(([node, at]) => at > (written.get(node) ?? 0));
}

/** The node's Lease saying it was heard at `heardAt`. */
export function nodeLease(node: string, heardAt: number, durationSeconds: number, old?: Lease): Lease {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: old ? { ...old.metadata, resourceVersion: undefined } : { name: node, namespace: NODE_LEASE_NAMESPACE, uid: crypto.randomUUID(), creationTimestamp: new Date(heardAt).toISOString() },
    spec: { holderIdentity: node, leaseDurationSeconds: durationSeconds, renewTime: microTime(heardAt) },
  };
}

/** When the node's stored Lease says it was last heard, or 0. */
export function leaseRenewedAt(lease: Lease | undefined): number {
  const t = lease?.spec?.renewTime ? Date.parse(lease.spec.renewTime) : NaN;
  return Number.isFinite(t) ? t : 0;
}

export interface NodeLeaseOptions {
  store: Store;
  sessions: Sessions;
  leading: () => boolean;
  periodMs: number;
  durationSeconds: number;
  log: Logger;
}

/** Every period, write the leases of the nodes heard here since the last write (unless leading). */
export async function renewNodeLeases(o: NodeLeaseOptions, signal: AbortSignal): Promise<void> {
  const written = new Map<string, number>();
  let failed = false;
  while (!signal.aborted) {
    // After a failed write (etcd electing a leader, a member gone) try again within the period, not
    // after it: the leader marks a node NotReady after three periods without one.
    await sleep(failed ? o.periodMs / 4 : o.periodMs, signal);
    failed = false;
    for (const [node, at] of leasesToRenew(o.sessions.heard(), written, o.leading())) {
      if (signal.aborted) break;
      try {
        await writeNodeLease(o.store, node, at, o.durationSeconds);
        written.set(node, at);
      } catch (err) {
        failed = true;
        o.log.warn({ err, node }, "could not renew the node's lease; trying again shortly");
      }
    }
  }
}

async function writeNodeLease(store: Store, node: string, at: number, durationSeconds: number): Promise<void> {
  const ref = { kind: "Lease", namespace: NODE_LEASE_NAMESPACE, name: node };
  const old = (await store.get(ref)) as Lease | undefined;
  // Unconditional (no resourceVersion): whoever heard the node last is right, and a heartbeat
  // time never goes back, as leaseRenewedAt is compared with max() by the reader.
  if (!old) await store.create(nodeLease(node, at, durationSeconds));
  else if (leaseRenewedAt(old) < at) await store.update(nodeLease(node, at, durationSeconds, old)).catch((err: unknown) => {
    if (!(err instanceof NotFoundError)) throw err;
  });
}
