// The API's operations on objects, independent of gRPC: validate, merge, write, read, watch.
import { randomUUID } from "node:crypto";
import {
  AlreadyExistsError,
  type ApiObject,
  type Service,
  type ObjectRef,
  type ManagedFieldsEntry,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  ValidationError,
  parseSelector,
  refOf,
  describeRef,
  customKind,
  kindInfo,
  lookupKind,
} from "@skiff/api";
import { CommitTooLargeError, commitInChunks, fitsOneCommit, type Store, type WatchEvent, type WriteOp } from "@skiff/store";
import { planApply, planCreate, mergeUpdate, type ApplyAction, type PlanInputs } from "./apply-plan.js";
import { checkImmutable } from "./immutable.js";
import { IMMORTAL_NAMESPACES } from "../cluster/default-namespaces.js";
import { checkFinalizerUpdate, completeDeletion, isTerminating, namespaceDeleteInSteps, parsePropagationPolicy, planNamespaceDelete } from "./deletion-plan.js";
import { asWritten, deleteObject } from "./deletion.js";
import { checkGracePeriod } from "./pod-grace.js";
import {
  ALLOCATION_ATTEMPTS,
  AllocationRaceError,
  RANGE_ALLOCATION_KIND,
  allocationBackoff,
  commitGuarded,
  retryAllocation,
} from "./allocation-record.js";
import { ServiceAllocations } from "./service-allocator.js";
import { SERVICE_CIDR } from "./service-allocation.js";
import { DEFAULT_POD_SECURITY, admit, type PodSecurityPolicy } from "./admission.js";
import { DEFAULT_LIMITS } from "./limits.js";
import { admitServiceAccounts } from "./serviceaccount-admission.js";
import type { Admitted, WebhookAdmission } from "../admission-webhooks/index.js";
import { namespacedKinds, rejectDuplicates, resolveKind, resolveRef, scopedNamespace, userVersioned, validateAll, validateOne } from "./request-checks.js";

export interface ApplyOutcome {
  action: ApplyAction;
  object: ApiObject;
  warnings: string[];
}

export interface DeleteOptions {
  /** "background" (default), "foreground" or "orphan": see deletion-plan.ts. */
  propagationPolicy?: string;
  /** Delete only the object with this uid (a precondition, as Kubernetes' DeleteOptions). */
  uid?: string;
  /** Check everything, delete nothing; the object is returned as it is. */
  dryRun?: boolean;
  /** Seconds a pod is given to stop (0: removed at once, "force"); undefined: its terminationGracePeriodSeconds. */
  gracePeriodSeconds?: number;
}

export interface WriteOptions {
  /** Check and compute everything, store nothing. */
  dryRun?: boolean;
  /** Server-side apply's record of field managers (kube/patch/apply.ts); kept as stored otherwise. */
  managedFields?: ManagedFieldsEntry[];
}

export interface ListQuery {
  kind: string;
  namespace?: string;
  labelSelector?: string;
}

/** Largest object the store accepts, as etcd's default request limit for Kubernetes (limits.ts). */
export const MAX_OBJECT_BYTES = DEFAULT_LIMITS.maxObjectBytes;

// An apply whose reads went stale under a concurrent writer is simply planned again.
const APPLY_ATTEMPTS = 5;

export class ObjectService {
  /** Admission webhooks (admission-webhooks/): set by the server once their informers have synced. */
  webhooks?: Pick<WebhookAdmission, "admit" | "admitOne" | "admitDelete">;

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
    /** Pod Security admission (admission.ts): baseline unless the server was told otherwise. */
    private readonly podSecurity: PodSecurityPolicy = DEFAULT_POD_SECURITY,
    /** Where Services' cluster IPs come from (--service-cluster-ip-range, checked at start). */
    private readonly serviceCIDR: string = SERVICE_CIDR,
    /** The custom kinds (customresources/registrar.ts): read again for a kind not known yet, and after a CRD is written. */
    private readonly customResources?: { refresh(): Promise<void> },
  ) {}

  /** A kind this server does not know may be a CRD's just written, on this server or another. */
  private async learnKinds(kinds: unknown[]): Promise<void> {
    if (!this.customResources) return;
    if (kinds.some((k) => typeof k === "string" && !kindInfo(k) && !lookupKind(k))) await this.customResources.refresh();
  }

  private async afterWrite<T>(objects: { kind: string }[], result: T): Promise<T> {
    if (this.customResources && objects.some((o) => o.kind === CRD_KIND)) await this.customResources.refresh();
    return result;
  }

  /** Validate every document, then store them all in one atomic batch (or none). */
  async apply(raws: unknown[], options: { dryRun?: boolean; strict?: boolean } = {}): Promise<ApplyOutcome[]> {
    await this.learnKinds(raws.map(kindOf));
    const checked = validateAll(raws, options.strict ?? false);
    await admitServiceAccounts(checked.map((v) => v.object), this.store);
    // On what the user sent: validation drops the fields skiff does not implement (admission.ts).
    for (const raw of raws) admit(raw, this.podSecurity);
    const validated = (await this.webhooks?.admit(checked, { dryRun: options.dryRun })) ?? checked;
    rejectDuplicates(validated.map((v) => v.object));
    for (let attempt = 1; ; attempt++) {
      try {
        const outcomes = await this.applyOnce(validated, options.dryRun ?? false);
        return await this.afterWrite(options.dryRun ? [] : outcomes.map((o) => o.object), outcomes);
      } catch (err) {
        // Losing a race for a Service address is never the user's conflict: plan again.
        if (err instanceof AllocationRaceError && attempt < ALLOCATION_ATTEMPTS) {
          await allocationBackoff(attempt);
          continue;
        }
        if (!(err instanceof ConflictError) || attempt >= APPLY_ATTEMPTS || userVersioned(validated)) throw err;
      }
    }
  }

  private async applyOnce(validated: { object: ApiObject; warnings: string[] }[], dryRun: boolean) {
    const inputs = this.planInputs();
    const outcomes: ApplyOutcome[] = [];
    const ops: WriteOp[] = [];
    const creating: ApiObject[] = [];
    // Read on the first Service that needs addresses, shared by the batch (no two get the same).
    let allocations: ServiceAllocations | undefined;
    for (const { object, warnings } of validated) {
      const existing = await this.store.get(refOf(object));
      const plan = planApply(object, existing, inputs);
      if (plan.object.kind === "Service" && plan.action !== "unchanged") {
        allocations ??= await ServiceAllocations.read(this.store, this.serviceCIDR);
        plan.object = allocations.allocate(plan.object as Service, existing as Service | undefined);
      }
      outcomes.push({ action: plan.action, object: plan.object, warnings });
      if (plan.action === "created") {
        ops.push({ type: "create", object: plan.object });
        creating.push(object);
      }
      if (plan.action === "configured" && existing) {
        checkImmutable(plan.object, existing);
        checkFinalizerUpdate(plan.object, existing);
        ops.push(completeDeletion({ type: "update", object: plan.object }));
      }
    }
    await this.checkNamespaces(validated.map((v) => v.object), creating);
    if (dryRun || ops.length === 0) return outcomes;
    const stored = await commitGuarded(this.store, ops, allocations?.guard).catch((err: unknown) => {
      // All or nothing is apply's promise, so it is not split: say how to apply in parts.
      if (err instanceof CommitTooLargeError) {
        throw new CommitTooLargeError(`apply writes its ${ops.length} objects in one transaction, and the store refused it: ${err.message}. Apply them in several smaller files`, { cause: err });
      }
      throw err;
    });
    let i = 0;
    return outcomes.map((o) => {
      if (o.action === "unchanged") return o;
      const op = ops[i];
      const written = stored[i++];
      return { ...o, object: op ? asWritten(o.object, op, written) : o.object };
    });
  }

  async create(raw: unknown, options: WriteOptions = {}): Promise<ApplyOutcome> {
    await this.learnKinds([kindOf(raw)]);
    const checked = validateOne(raw);
    await admitServiceAccounts([checked.object], this.store);
    admit(raw, this.podSecurity);
    const { object, warnings } = await this.admitWebhooks(checked, "CREATE", options.dryRun);
    await this.checkNamespaces([object], [object]);
    if (options.dryRun && (await this.store.get(refOf(object)))) throw new AlreadyExistsError(`${describeRef(refOf(object))} already exists`);
    const stored = await retryAllocation(async () => {
      let planned = withManagedFields(planCreate(object, this.planInputs()), options.managedFields);
      const allocations = planned.kind === "Service" ? await ServiceAllocations.read(this.store, this.serviceCIDR) : undefined;
      if (allocations) planned = allocations.allocate(planned as Service, undefined);
      if (options.dryRun) return planned;
      const [written] = await commitGuarded(this.store, [{ type: "create", object: planned }], allocations?.guard);
      return written ?? planned;
    });
    return this.afterWrite([stored], { action: "created" as const, object: stored, warnings });
  }

  /** Replace the user-owned fields; a resourceVersion in the object makes it compare-and-swap. */
  async update(raw: unknown, options: WriteOptions = {}): Promise<ApplyOutcome> {
    await this.learnKinds([kindOf(raw)]);
    const checked = validateOne(raw);
    await admitServiceAccounts([checked.object], this.store);
    admit(raw, this.podSecurity);
    const { object, warnings } = await this.admitWebhooks(checked, "UPDATE", options.dryRun);
    const out = await retryAllocation(async () => {
      const existing = await this.store.get(refOf(object));
      if (!existing) throw new NotFoundError(`${describeRef(refOf(object))} not found`);
      let merged = withManagedFields(mergeUpdate(object, existing), options.managedFields);
      checkImmutable(merged, existing);
      checkFinalizerUpdate(merged, existing);
      const allocations = merged.kind === "Service" ? await ServiceAllocations.read(this.store, this.serviceCIDR) : undefined;
      if (allocations) merged = allocations.allocate(merged as Service, existing as Service);
      if (options.dryRun) return { action: "configured" as const, object: merged, warnings };
      // Removing the last finalizer of an object being deleted removes it (deletion-plan.ts).
      const op = completeDeletion({ type: "update", object: merged });
      const [stored] = await commitGuarded(this.store, [op], allocations?.guard);
      return { action: "configured" as const, object: asWritten(merged, op, stored), warnings };
    });
    return this.afterWrite(options.dryRun ? [] : [out.object], out);
  }

  async get(ref: ObjectRef): Promise<ApiObject> {
    await this.learnKinds([ref.kind]);
    const resolved = resolveRef(ref);
    const object = await this.store.get(resolved);
    if (!object) throw new NotFoundError(`${describeRef(resolved)} not found`);
    return object;
  }

  async list(query: ListQuery): Promise<{ items: ApiObject[]; revision: number }> {
    await this.learnKinds([query.kind]);
    const kind = resolveKind(query.kind);
    const selector = query.labelSelector ? parseSelector(query.labelSelector) : undefined;
    return this.store.list(kind, { namespace: scopedNamespace(kind, query.namespace), selector });
  }

  /**
   * Delete as the Kubernetes API server does (deletion-plan.ts): removed at once, or marked with
   * a deletionTimestamp while finalizers remain or a pod's containers stop (its grace period); the propagation policy tells the garbage
   * collector what becomes of the object's dependents. Returns the object as removed or marked.
   */
  async delete(ref: ObjectRef, resourceVersion?: string, options: DeleteOptions = {}): Promise<ApiObject> {
    await this.learnKinds([ref.kind]);
    const resolved = resolveRef(ref);
    const policy = parsePropagationPolicy(options.propagationPolicy);
    const gracePeriodSeconds = checkGracePeriod(options.gracePeriodSeconds);
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = await this.store.get(resolved);
        if (!existing) throw new NotFoundError(`${describeRef(resolved)} not found`);
        if (options.uid !== undefined && options.uid !== existing.metadata.uid) {
          throw new ConflictError(`Precondition failed: UID in precondition: ${options.uid}, UID in object meta: ${existing.metadata.uid}`);
        }
        await this.webhooks?.admitDelete(existing, options.dryRun ?? false);
        if (options.dryRun) return existing;
        if (resolved.kind === "Namespace") return await this.deleteNamespace(existing, resourceVersion);
        return await this.afterWrite([existing], (await deleteObject(this.store, existing, { policy, resourceVersion, now: this.clock(), ...(gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {}) })).object);
      } catch (err) {
        // The object changed between our read and our write: read and plan again, unless the caller pinned a revision.
        if (!(err instanceof ConflictError) || attempt >= APPLY_ATTEMPTS || resourceVersion !== undefined) throw err;
      }
    }
  }

  /**
   * Replace an object's status, and nothing else (the status subresource). A resourceVersion in
   * the object makes it compare-and-swap.
   */
  async updateStatus(raw: unknown, options: WriteOptions = {}): Promise<ApplyOutcome> {
    await this.learnKinds([kindOf(raw)]);
    const { object, warnings } = validateOne(raw);
    if (customKind(object.kind)?.statusSubresource === false) {
      throw new NotFoundError(`the status subresource is not enabled for ${object.kind} (its CustomResourceDefinition has no subresources.status)`);
    }
    const existing = await this.store.get(refOf(object));
    if (!existing) throw new NotFoundError(`${describeRef(refOf(object))} not found`);
    const resourceVersion = object.metadata.resourceVersion ?? existing.metadata.resourceVersion;
    const asked: ApiObject = { ...existing, metadata: { ...existing.metadata, resourceVersion }, status: object.status };
    const updated = { ...asked, status: (await this.webhooks?.admitOne({ object: asked, warnings }, existing, "UPDATE", "status", options.dryRun ?? false))?.object.status ?? asked.status };
    if (options.dryRun) return { action: "configured", object: updated, warnings };
    return { action: "configured", object: await this.store.update(updated), warnings };
  }

  /** Watch `kind` (or all kinds) after `fromRevision`; with no revision, the current objects come first as ADDED. */
  async *watch(query: Partial<ListQuery> & { fromRevision?: number; signal?: AbortSignal }): AsyncGenerator<WatchEvent> {
    await this.learnKinds([query.kind]);
    const kind = query.kind ? resolveKind(query.kind) : undefined;
    const selector = query.labelSelector ? parseSelector(query.labelSelector) : undefined;
    const namespace = kind ? scopedNamespace(kind, query.namespace) : query.namespace || undefined;
    let from = query.fromRevision;
    if (from === undefined) {
      if (!kind) throw new ValidationError([{ path: "kind", message: "required when watching without a resourceVersion" }]);
      const listed = await this.store.list(kind, { namespace, selector });
      for (const object of listed.items) yield { type: "ADDED", object, revision: listed.revision };
      from = listed.revision;
    }
    for await (const ev of this.store.watch({ kind, namespace, selector, fromRevision: from, signal: query.signal })) {
      // The allocation records are the server's own bookkeeping, not objects of the API.
      if (ev.object.kind !== RANGE_ALLOCATION_KIND) yield ev;
    }
  }

  // Deleting a namespace deletes everything in it, in one batch (Kubernetes does it in the
  // background); objects held by finalizers are marked, and the namespace waits for them.
  // Too much for one batch (on etcd: over 128 objects or ~1.5 MiB), it goes in steps instead.
  private async deleteNamespace(ns: ApiObject, resourceVersion?: string): Promise<ApiObject> {
    const name = ns.metadata.name;
    if (IMMORTAL_NAMESPACES.has(name)) throw new PermissionDeniedError(`namespaces "${name}" is forbidden: this namespace may not be deleted`);
    const content: ApiObject[] = [];
    for (const info of namespacedKinds()) content.push(...(await this.store.list(info, { namespace: name })).items);
    const now = this.clock();
    const plan = planNamespaceDelete(ns, content, { now, resourceVersion });
    if (plan.ops.length === 0) return ns;
    if (fitsOneCommit(plan.ops)) {
      const results = await this.store.commit(plan.ops);
      return results[results.length - 1] ?? ns;
    }
    const steps = namespaceDeleteInSteps(ns, plan.ops, now);
    const [marked] = await this.store.commit([steps.mark]);
    try {
      await commitInChunks(this.store, steps.content);
    } catch (err) {
      // An object changed or went since it was read: the garbage collector deletes what is left.
      if (!(err instanceof ConflictError || err instanceof NotFoundError)) throw err;
    }
    return marked ?? ns;
  }

  /** Every object's namespace must exist; a new object may not go into one being deleted. */
  private async checkNamespaces(objects: ApiObject[], creating: ApiObject[] = []): Promise<void> {
    const created = new Set(objects.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name));
    const creatingNow = new Set(creating);
    for (const o of objects) {
      const ns = o.metadata.namespace;
      if (!ns || created.has(ns)) continue;
      const namespace = await this.store.get({ kind: "Namespace", name: ns });
      if (!namespace) {
        throw new NotFoundError(`namespace "${ns}" not found (for ${describeRef(refOf(o))}); create it first`);
      }
      if (isTerminating(namespace) && creatingNow.has(o)) {
        throw new ValidationError([{ path: "metadata.namespace", message: `namespace "${ns}" is being deleted: no new object can be created in it` }]);
      }
    }
  }

  private async admitWebhooks(checked: Admitted, operation: "CREATE" | "UPDATE", dryRun?: boolean): Promise<Admitted> {
    return (await this.webhooks?.admit([checked], { dryRun, operation }))?.[0] ?? checked;
  }

  private planInputs(): PlanInputs {
    return { now: this.clock(), newUid: randomUUID };
  }
}

const CRD_KIND = "CustomResourceDefinition";

function kindOf(raw: unknown): unknown {
  return typeof raw === "object" && raw !== null ? (raw as { kind?: unknown }).kind : undefined;
}

function withManagedFields(object: ApiObject, managedFields: ManagedFieldsEntry[] | undefined): ApiObject {
  return managedFields ? { ...object, metadata: { ...object.metadata, managedFields } } : object;
}
