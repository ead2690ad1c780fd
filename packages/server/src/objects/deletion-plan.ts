// What a delete does, as the Kubernetes API server decides it (graceful deletion). Pure: the
// clock comes in, the result is a store write (or none).
//
//   already being deleted (deletionTimestamp set) -> nothing (a pod: its grace period shortened,
//                                                    if this delete asks for a shorter one)
//   a pod with a grace period (pod-grace.ts)      -> marked: deletionTimestamp = now + grace,
//                                                    deletionGracePeriodSeconds = grace
//   no finalizer left to wait for                 -> removed now; the garbage collector then
//                                                    deletes what it owned ("background")
//   finalizers, or policy foreground / orphan     -> marked: deletionTimestamp = now, plus the
//                                                    garbage collector's finalizer for the policy
//                                                    ("foregroundDeletion", "orphan")
//
// A marked object stays until every finalizer is removed, each by whoever owns it, and (a pod)
// until its grace period is over: the write that leaves neither removes the object
// (`completeDeletion`, used by every writer).
//
// Pods: a pod running on a node is Terminating while its agent stops it (preStop hook, SIGTERM,
// up to the grace period, SIGKILL). The agent reports when its containers have stopped, and the
// server then deletes it again with grace 0 (`planDelete(pod, { gracePeriodSeconds: 0 })`, as the
// kubelet does), which removes it. A pod no agent runs (unbound, its node deleted, or finished)
// has no grace period and goes at once, as does a delete with gracePeriodSeconds 0 ("force").
// A StatefulSet relies on this: the old pod's name is not reused until its containers are gone.
import { ConflictError, ValidationError, describeRef, refOf, type ApiObject, type ObjectMeta } from "@skiff/api";
import type { WriteOp } from "@skiff/store";
import { checkGracePeriod, hasGracePeriod, podGracePeriod, shortenGrace } from "./pod-grace.js";

/** The owner waits for its blocking dependents to be deleted (garbage collector's finalizer). */
export const FOREGROUND_FINALIZER = "foregroundDeletion";
/** The owner's dependents lose their reference to it instead of being deleted. */
export const ORPHAN_FINALIZER = "orphan";
/** A Terminating namespace waits for its content to go (Kubernetes' namespace finalizer). */
export const NAMESPACE_FINALIZER = "kubernetes";

export type PropagationPolicy = "background" | "foreground" | "orphan";
const POLICIES: readonly PropagationPolicy[] = ["background", "foreground", "orphan"];

/** A DeleteRequest's propagation_policy; empty means "not said" (background, keeping finalizers already set). */
export function parsePropagationPolicy(raw: string | undefined): PropagationPolicy | undefined {
  if (raw === undefined || raw === "") return undefined;
  const policy = POLICIES.find((p) => p === raw.toLowerCase());
  if (!policy) {
    throw new ValidationError([{ path: "propagationPolicy", message: `"${raw}" is not one of ${POLICIES.join(", ")}` }]);
  }
  return policy;
}

export interface DeleteInputs {
  /** Undefined: background, and GC finalizers already on the object stay. */
  policy?: PropagationPolicy;
  now: Date;
  /** The caller's precondition: delete only if the object is still at this revision. */
  resourceVersion?: string;
  /** DeleteOptions.gracePeriodSeconds (pods only); undefined: the pod's own terminationGracePeriodSeconds. */
  gracePeriodSeconds?: number;
  /** A pod: whether the Node it is bound to still exists (undefined: not looked up, taken as yes). */
  nodeExists?: boolean;
}

export type DeleteOutcome = "unchanged" | "removed" | "marked";

export interface DeletePlan {
  outcome: DeleteOutcome;
  /** The write to make (none when unchanged); CAS on the revision the plan was made from. */
  op?: WriteOp;
}

export function planDelete(existing: ApiObject, inputs: DeleteInputs): DeletePlan {
  const rv = existing.metadata.resourceVersion;
  if (inputs.resourceVersion !== undefined && inputs.resourceVersion !== rv) {
    throw new ConflictError(`${describeRef(refOf(existing))} is at revision ${rv ?? "?"}, not ${inputs.resourceVersion}`);
  }
  const requested = checkGracePeriod(inputs.gracePeriodSeconds);
  const grace = hasGracePeriod(existing) ? podGracePeriod(existing, requested, inputs.nodeExists) : 0;
  if (existing.metadata.deletionTimestamp !== undefined) {
    const shorter = hasGracePeriod(existing) ? shortenGrace(existing, grace) : undefined;
    if (!shorter) return { outcome: "unchanged" };
    const op = completeDeletion({ type: "update", object: shorter });
    return { outcome: op.type === "delete" ? "removed" : "marked", op };
  }
  const finalizers = finalizersFor(existing.metadata.finalizers ?? [], inputs.policy);
  if (finalizers.length === 0 && grace === 0) {
    return { outcome: "removed", op: { type: "delete", ref: refOf(existing), resourceVersion: rv } };
  }
  const metadata: ObjectMeta = { ...existing.metadata, deletionTimestamp: new Date(inputs.now.getTime() + grace * 1000).toISOString() };
  if (hasGracePeriod(existing)) metadata.deletionGracePeriodSeconds = grace;
  if (finalizers.length > 0) metadata.finalizers = finalizers;
  else delete metadata.finalizers;
  return { outcome: "marked", op: { type: "update", object: { ...existing, metadata } } };
}

// As the API server: an explicit policy sets its own GC finalizer and drops the other one.
function finalizersFor(current: string[], policy: PropagationPolicy | undefined): string[] {
  if (policy === undefined) return current;
  const rest = current.filter((f) => f !== FOREGROUND_FINALIZER && f !== ORPHAN_FINALIZER);
  if (policy === "foreground") return [...rest, FOREGROUND_FINALIZER];
  if (policy === "orphan") return [...rest, ORPHAN_FINALIZER];
  return rest;
}

/**
 * The rule every writer goes through: an update that leaves an object being deleted with no
 * finalizer, and no grace period still running (a Terminating pod), removes it instead (same
 * precondition). Any other op is returned as it is.
 */
export function completeDeletion(op: WriteOp): WriteOp {
  if (op.type !== "update") return op;
  const meta = op.object.metadata;
  if (meta.deletionTimestamp === undefined || (meta.finalizers?.length ?? 0) > 0) return op;
  if ((meta.deletionGracePeriodSeconds ?? 0) > 0) return op;
  return { type: "delete", ref: refOf(op.object), resourceVersion: meta.resourceVersion };
}

/** Once an object is being deleted, an update may remove finalizers but not add any (as Kubernetes). */
export function checkFinalizerUpdate(updated: ApiObject, existing: ApiObject): void {
  if (existing.metadata.deletionTimestamp === undefined) return;
  const before = new Set(existing.metadata.finalizers ?? []);
  const added = (updated.metadata.finalizers ?? []).filter((f) => !before.has(f));
  if (added.length > 0) {
    throw new ValidationError([
      { path: "metadata.finalizers", message: `no new finalizers can be added while the object is being deleted (${added.join(", ")})` },
    ]);
  }
}

/**
 * Deleting a namespace deletes its content in the same batch, each object by the plan above
 * (background): what has no finalizer goes now, what has one is marked. The namespace itself
 * goes in that batch when nothing is left behind; otherwise it is marked (Terminating) with the
 * finalizer NAMESPACE_FINALIZER, which the garbage collector removes once the namespace is empty.
 */
export function planNamespaceDelete(ns: ApiObject, content: ApiObject[], inputs: Omit<DeleteInputs, "policy">): { outcome: DeleteOutcome; ops: WriteOp[] } {
  const own = planDelete(ns, inputs);
  if (own.outcome === "unchanged") return { outcome: "unchanged", ops: [] };
  const ops: WriteOp[] = [];
  let remaining = 0;
  for (const object of content) {
    const plan = planDelete(object, { now: inputs.now });
    if (plan.op) ops.push(plan.op);
    if (plan.outcome !== "removed") remaining++;
  }
  if (remaining === 0) return { outcome: own.outcome, ops: own.op ? [...ops, own.op] : ops };
  return { outcome: "marked", ops: [...ops, markNamespace(ns, inputs.now)] };
}

/** The namespace Terminating, held by NAMESPACE_FINALIZER until the garbage collector finds it empty. */
function markNamespace(ns: ApiObject, now: Date): WriteOp {
  const finalizers = [...(ns.metadata.finalizers ?? []).filter((f) => f !== NAMESPACE_FINALIZER), NAMESPACE_FINALIZER];
  return { type: "update", object: { ...ns, metadata: { ...ns.metadata, deletionTimestamp: now.toISOString(), finalizers } } };
}

/**
 * A namespace deletion too big for one commit (etcd takes 128 objects, about 1.5 MiB, per
 * transaction) goes in steps, as Kubernetes' namespace controller does it: first the namespace is
 * marked Terminating (from then on nothing new may enter it), then its content is deleted in
 * chunks; the garbage collector removes the namespace once it is empty, as for any namespace
 * whose content takes time to go. `ops` is planNamespaceDelete's plan.
 */
export function namespaceDeleteInSteps(ns: ApiObject, ops: readonly WriteOp[], now: Date): { mark: WriteOp; content: WriteOp[] } {
  const isNamespace = (op: WriteOp) => (op.type === "delete" ? op.ref.kind : op.object.kind) === "Namespace";
  return { mark: markNamespace(ns, now), content: ops.filter((op) => !isNamespace(op)) };
}

/** A namespace being deleted accepts no new object (Kubernetes answers Forbidden). */
export function isTerminating(obj: ApiObject | undefined): boolean {
  return obj?.metadata.deletionTimestamp !== undefined;
}
