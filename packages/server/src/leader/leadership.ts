// Leader-only components behind an election: what serve.ts runs instead of running the control
// loops directly. On etcd the servers sharing a prefix elect one; on LevelDB the one server leads
// at once. Each term runs the leader Lease object and a fresh set of components (built by
// `components()`, so informers are new and re-list), and stops them all when the term ends.
import { hostname } from "node:os";
import { EtcdLeaderKey, type EtcdStoreOptions, type Fence, type Store } from "@skiff/store";
import { runComponents, type Component } from "../components.js";
import { componentLogger, type Logger } from "../log.js";
import { DEFAULT_ELECTION_TIMING, timingProblem, type ElectionTiming } from "./election-plan.js";
import { LeaderElector, LocalElection, type ElectionBackend } from "./elector.js";
import { keepLeaseObject } from "./lease-object.js";

export interface LeadershipOptions {
  store: Store;
  log: Logger;
  /** The servers' shared etcd, or none: a single server (LevelDB) that leads at once. */
  etcd?: EtcdStoreOptions;
  /** This server's address, part of its identity (`host_127.0.0.1:7443_1a2b`). */
  address: string;
  timing?: Partial<ElectionTiming>;
  /**
   * The leader-only components, built afresh for each term, writing through `store`: the term's
   * own, whose writes etcd refuses once the term is over (fencing), or `store` itself on LevelDB.
   */
  components: (store: Store) => Component[];
  /** The store as one term sees it (serve.ts layers encryption and metrics over a fenced EtcdStore). */
  termStore?: (fence: Fence, onLost: () => void) => Store;
}

/** How often the leader rewrites the Lease object's renewTime (client-go's retry period). */
const LEASE_OBJECT_RENEW_MS = 2_000;

export function leadership(o: LeadershipOptions): { component: Component; elector: LeaderElector } {
  const timing = { ...DEFAULT_ELECTION_TIMING, ...o.timing };
  const problem = timingProblem(timing);
  if (problem) throw new Error(`leader election: ${problem}`);
  const log = componentLogger(o.log, "leader-election");
  const identity = `${hostname()}_${o.address}_${crypto.randomUUID().slice(0, 8)}`;
  const backend: ElectionBackend = o.etcd ? new EtcdLeaderKey({ ...o.etcd, ttlSeconds: Math.ceil(timing.ttlMs / 1000) }) : new LocalElection();
  const leaseObject = (store: Store): Component => ({
    name: "leader-lease",
    start: (signal) =>
      keepLeaseObject(store, identity, { durationSeconds: Math.ceil(timing.ttlMs / 1000), renewEveryMs: o.etcd ? LEASE_OBJECT_RENEW_MS : undefined }, signal, log),
  });
  const term = async (signal: AbortSignal, fence: Fence | undefined): Promise<void> => {
    const store = fence && o.termStore ? o.termStore(fence, () => elector.lost(fence)) : o.store;
    const running = runComponents([leaseObject(store), ...o.components(store)], signal, o.log);
    const failure = running.failed.then(
      () => undefined,
      (err: unknown) => err,
    );
    await running.stopped;
    const err = await Promise.race([failure, Promise.resolve(undefined)]);
    if (err !== undefined) throw err;
  };
  const elector = new LeaderElector(backend, identity, timing, term, log);
  return { component: { name: "leader-election", start: (signal) => elector.start(signal) }, elector };
}
