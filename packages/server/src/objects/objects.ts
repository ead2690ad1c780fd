// The API's operations on objects, independent of gRPC and REST: validate, admit, merge, write,
// read, watch. Every create and update goes through the admission chain (admission/) on the object
// as it will be stored, the same chain the controllers' writes go through.
import { randomUUID } from "node:crypto";
import {
  AlreadyExistsError,
  type ApiObject,
  type Service,
  type ObjectRef,
  ConflictError,
  NotFoundError,
  parseSelector,
  refOf,
  describeRef,
  customKind,
  kindInfo,
  lookupKind,
} from "@skiff/api";
import type { Store, WatchEvent } from "@skiff/store";
import { AdmissionChain } from "../admission/chain.js";
import { planCreate, mergeUpdate, type PlanInputs } from "./apply-plan.js";
import { applyBatch } from "./apply-batch.js";
import { checkImmutable } from "./immutable.js";
import { checkFinalizerUpdate, completeDeletion, parsePropagationPolicy } from "./deletion-plan.js";
import { asWritten, deleteObject } from "./deletion.js";
import { checkGracePeriod } from "./pod-grace.js";
import { ALLOCATION_ATTEMPTS, AllocationRaceError, allocationBackoff, commitGuarded, retryAllocation } from "./allocation-record.js";
import { ServiceAllocations } from "./service-allocator.js";
import { SERVICE_CIDR } from "./service-allocation.js";
import { DEFAULT_POD_SECURITY, admit, type PodSecurityPolicy } from "./admission.js";
import { DEFAULT_LIMITS } from "./limits.js";
import { checkKindsServed } from "./kind-lifecycle.js";
import { checkNamespaces } from "./namespace-checks.js";
import { deleteNamespace } from "./namespace-delete.js";
import { withManagedFields, type ApplyOutcome, type DeleteOptions, type ListQuery, type WriteOptions } from "./object-options.js";
import { rejectDuplicates, resolveKind, resolveRef, scopedNamespace, userVersioned, validateAll, validateOne } from "./request-checks.js";
import { watchObjects } from "./watch-objects.js";

export type { ApplyOutcome, DeleteOptions, ListQuery, WriteOptions } from "./object-options.js";

/** Largest object the store accepts, as etcd's default request limit for Kubernetes (limits.ts). */
export const MAX_OBJECT_BYTES = DEFAULT_LIMITS.maxObjectBytes;

// An apply whose reads went stale under a concurrent writer is simply planned again.
const APPLY_ATTEMPTS = 5;

export class ObjectService {
  /** The admission chain: plugins always; the server adds the webhooks once their informers have synced. */
  readonly admission: AdmissionChain;

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
    /** Pod Security admission (admission.ts): baseline unless the server was told otherwise. */
    private readonly podSecurity: PodSecurityPolicy = DEFAULT_POD_SECURITY,
    /** Where Services' cluster IPs come from (--service-cluster-ip-range, checked at start). */
    private readonly serviceCIDR: string = SERVICE_CIDR,
    /** The custom kinds (customresources/registrar.ts): read again for a kind not known yet, and after a CRD is written. */
    private readonly customResources?: { refresh(): Promise<void> },
    /** Shared with the controllers' store (admission/admitted-store.ts); one of its own when not given. */
    admission?: AdmissionChain,
  ) {
    this.admission = admission ?? new AdmissionChain(store);
  }

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
    const validated = validateAll(raws, options.strict ?? false);
    // On what the user sent: validation drops the fields skiff does not implement (admission.ts).
    for (const raw of raws) admit(raw, this.podSecurity);
    rejectDuplicates(validated.map((v) => v.object));
    for (let attempt = 1; ; attempt++) {
      try {
        const outcomes = await applyBatch(validated, { store: this.store, admission: this.admission, serviceCIDR: this.serviceCIDR, plan: this.planInputs(), dryRun: options.dryRun ?? false });
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

  async create(raw: unknown, options: WriteOptions = {}): Promise<ApplyOutcome> {
    await this.learnKinds([kindOf(raw)]);
    const checked = validateOne(raw);
    admit(raw, this.podSecurity);
    checkKindsServed([checked.object]);
    await checkNamespaces(this.store, [checked.object], [checked.object]);
    const dryRun = options.dryRun ?? false;
    if (dryRun && (await this.store.get(refOf(checked.object)))) throw new AlreadyExistsError(`${describeRef(refOf(checked.object))} already exists`);
    const planned = withManagedFields(planCreate(checked.object, this.planInputs()), options.managedFields);
    const { object, warnings } = await this.admission.admit({ operation: "CREATE", subresource: "", object: planned, dryRun, warnings: checked.warnings });
    const stored = await retryAllocation(async () => {
      const allocations = object.kind === "Service" ? await ServiceAllocations.read(this.store, this.serviceCIDR) : undefined;
      const allocated = allocations ? allocations.allocate(object as Service, undefined) : object;
      if (dryRun) return allocated;
      const [written] = await commitGuarded(this.store, [{ type: "create", object: allocated }], allocations?.guard);
      return written ?? allocated;
    });
    return this.afterWrite([stored], { action: "created" as const, object: stored, warnings });
  }

  /** Replace the user-owned fields; a resourceVersion in the object makes it compare-and-swap. */
  async update(raw: unknown, options: WriteOptions = {}): Promise<ApplyOutcome> {
    await this.learnKinds([kindOf(raw)]);
    const checked = validateOne(raw);
    admit(raw, this.podSecurity);
    const dryRun = options.dryRun ?? false;
    const out = await retryAllocation(async () => {
      const existing = await this.store.get(refOf(checked.object));
      if (!existing) throw new NotFoundError(`${describeRef(refOf(checked.object))} not found`);
      // Admission sees the object as it will be stored, and the stored one (Kubernetes' oldObject).
      const sent = withManagedFields(mergeUpdate(checked.object, existing), options.managedFields);
      const admitted = await this.admission.admit({ operation: "UPDATE", subresource: "", object: sent, oldObject: existing, dryRun, warnings: checked.warnings });
      let merged = admitted.object;
      checkImmutable(merged, existing);
      checkFinalizerUpdate(merged, existing);
      const allocations = merged.kind === "Service" ? await ServiceAllocations.read(this.store, this.serviceCIDR) : undefined;
      if (allocations) merged = allocations.allocate(merged as Service, existing as Service);
      if (dryRun) return { action: "configured" as const, object: merged, warnings: admitted.warnings };
      // Removing the last finalizer of an object being deleted removes it (deletion-plan.ts).
      const op = completeDeletion({ type: "update", object: merged });
      const [stored] = await commitGuarded(this.store, [op], allocations?.guard);
      return { action: "configured" as const, object: asWritten(merged, op, stored), warnings: admitted.warnings };
    });
    return this.afterWrite(dryRun ? [] : [out.object], out);
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
        await this.admission.admitDelete(existing, options.dryRun ?? false);
        if (options.dryRun) return existing;
        if (resolved.kind === "Namespace") return await deleteNamespace(this.store, existing, this.clock(), resourceVersion);
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
    const admitted = await this.admission.admit({ operation: "UPDATE", subresource: "status", object: asked, oldObject: existing, dryRun: options.dryRun ?? false, warnings });
    const updated = { ...asked, status: admitted.object.status };
    if (options.dryRun) return { action: "configured", object: updated, warnings: admitted.warnings };
    return { action: "configured", object: await this.store.update(updated), warnings: admitted.warnings };
  }

  /** Watch `kind` (or all kinds) after `fromRevision`; with no revision, the current objects come first as ADDED. */
  async *watch(query: Partial<ListQuery> & { fromRevision?: number; signal?: AbortSignal }): AsyncGenerator<WatchEvent> {
    await this.learnKinds([query.kind]);
    yield* watchObjects(this.store, query);
  }

  private planInputs(): PlanInputs {
    return { now: this.clock(), newUid: randomUUID };
  }
}

const CRD_KIND = "CustomResourceDefinition";

function kindOf(raw: unknown): unknown {
  return typeof raw === "object" && raw !== null ? (raw as { kind?: unknown }).kind : undefined;
}
