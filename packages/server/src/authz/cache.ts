// The RBAC objects the authorizer reads, kept by four informers (one watch per kind, on every
// server: the API edges run everywhere, not only on the leader). RoleBindings are indexed by
// namespace; a ClusterRole's aggregated rules are computed once per change of any ClusterRole.
//
// Read-your-writes: a request denied just after this server stored an RBAC change waits (at most
// a second) for the informers to see that change, then is judged again, so that `kubectl create
// rolebinding` followed by a request that needs it does not fail on the watch's latency.
import type { ApiObject, ClusterRole, ClusterRoleBinding, ObjectRef, PolicyRule, Role, RoleBinding } from "@skiff/api";
import type { Store, WriteOp } from "@skiff/store";
import { Informer, NAMESPACE_INDEX, standardIndexers } from "../informer/index.js";
import type { Logger } from "../log.js";
import { aggregatedRules } from "./aggregate.js";
import type { RbacPolicy } from "./authorize.js";

export const RBAC_KINDS = ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"] as const;
const CATCH_UP_MS = 1_000;

export class RbacCache implements RbacPolicy {
  private readonly informers: Record<(typeof RBAC_KINDS)[number], Informer>;
  private aggregated = new Map<string, PolicyRule[]>();
  /** The revision of this server's last write of each RBAC kind. */
  private readonly written = new Map<string, number>();

  constructor(store: Store, log: Logger) {
    const make = (kind: string) => new Informer(store, { kind, log, indexers: standardIndexers(kind) });
    this.informers = { Role: make("Role"), ClusterRole: make("ClusterRole"), RoleBinding: make("RoleBinding"), ClusterRoleBinding: make("ClusterRoleBinding") };
    this.informers.ClusterRole.on({ onAdd: () => this.aggregated.clear(), onUpdate: () => this.aggregated.clear(), onDelete: () => this.aggregated.clear() });
  }

  /** Start the informers; resolves when all four have their first list (serve waits for it before listening). */
  async start(signal: AbortSignal): Promise<void> {
    for (const i of Object.values(this.informers)) void i.start(AbortSignal.any([signal]));
    await Promise.all(Object.values(this.informers).map((i) => i.synced));
  }

  clusterRoleBindings(): Iterable<ClusterRoleBinding> {
    return this.informers.ClusterRoleBinding.list() as ClusterRoleBinding[];
  }

  roleBindings(namespace: string): Iterable<RoleBinding> {
    return this.informers.RoleBinding.byIndex(NAMESPACE_INDEX, namespace) as RoleBinding[];
  }

  roleRules(namespace: string, name: string): readonly PolicyRule[] | undefined {
    return (this.informers.Role.get(`${namespace}/${name}`) as Role | undefined)?.rules ?? (this.informers.Role.get(`${namespace}/${name}`) ? [] : undefined);
  }

  clusterRoleRules(name: string): readonly PolicyRule[] | undefined {
    const cached = this.aggregated.get(name);
    if (cached) return cached;
    const role = this.informers.ClusterRole.get(name) as ClusterRole | undefined;
    if (!role) return undefined;
    const rules = aggregatedRules(role, this.informers.ClusterRole.list() as ClusterRole[]);
    this.aggregated.set(name, rules);
    return rules;
  }

  /** Whether a write of this server is not yet in the cache (then catchUp is worth waiting for). */
  behind(): boolean {
    return [...this.written].some(([kind, rev]) => this.informers[kind as (typeof RBAC_KINDS)[number]].revision < rev);
  }

  /** Wait until the cache holds this server's RBAC writes, for at most a second. */
  async catchUp(): Promise<void> {
    const signal = AbortSignal.timeout(CATCH_UP_MS);
    await Promise.all([...this.written].map(([kind, rev]) => this.informers[kind as (typeof RBAC_KINDS)[number]].waitForRevision(rev, signal)));
  }

  /** The store, as the API writes through it: each RBAC write noted for catchUp. */
  tracking(store: Store): Store {
    const note = (kind: string, rev: number) => {
      if ((RBAC_KINDS as readonly string[]).includes(kind) && rev > (this.written.get(kind) ?? 0)) this.written.set(kind, rev);
    };
    const stored = (o: ApiObject) => {
      note(o.kind, Number(o.metadata.resourceVersion ?? 0));
      return o;
    };
    return {
      revision: () => store.revision(),
      get: (ref: ObjectRef) => store.get(ref),
      list: (kind, options) => store.list(kind, options),
      watch: (options) => store.watch(options),
      close: () => store.close(),
      create: async (o) => stored(await store.create(o)),
      update: async (o) => stored(await store.update(o)),
      delete: async (ref, rv) => {
        const out = await store.delete(ref, rv);
        note(out.kind, store.revision());
        return out;
      },
      commit: async (ops: WriteOp[]) => {
        const out = await store.commit(ops);
        for (const o of out) note(o.kind, store.revision());
        return out;
      },
    };
  }
}
