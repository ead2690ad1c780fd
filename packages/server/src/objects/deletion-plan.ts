// What a delete does, as the Kubernetes API server decides it (graceful deletion). Pure: the
// clock comes in, the result is a store write (or none).
//
//   already being deleted (deletionTimestamp set) -> nothing; the delete returns it as it is
//   no finalizer left to wait for                 -> removed now; the garbage collector then
//                                                    deletes what it owned ("background")
//   finalizers, or policy foreground / orphan     -> marked: deletionTimestamp = now, plus the
//                                                    garbage collector's finalizer for the policy
//                                                    ("foregroundDeletion", "orphan")
//
// A marked object stays until every finalizer is removed, each by whoever owns it; the write that
// removes the last one removes the object (`completeDeletion`, used by every writer).
//
// Pods follow the same rule, so a pod without finalizers is removed at once. That is a choice:
// Kubernetes keeps a Terminating pod (deletionGracePeriodSeconds) until the kubelet confirms its
// containers stopped; in skiff the agent stops a pod's containers, with the pod's
// terminationGracePeriodSeconds, as soon as the pod leaves its node's assignments, so the API
// need not wait. A pod with a finalizer is only marked, and the agent stops it all the same
// (a deletionTimestamp means "stopping" to the agent's pod plan).
import { ConflictError, ValidationError, describeRef, refOf, type ApiObject } from "@skiff/api";
import type { WriteOp } from "@skiff/store";

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
  if (existing.metadata.deletionTimestamp !== undefined) return { outcome: "unchanged" };
  const finalizers = finalizersFor(existing.metadata.finalizers ?? [], inputs.policy);
  if (finalizers.length === 0) {
    return { outcome: "removed", op: { type: "delete", ref: refOf(existing), resourceVersion: rv } };
  }
  const marked: ApiObject = {
    ...existing,
    metadata: { ...existing.metadata, deletionTimestamp: inputs.now.toISOString(), finalizers },
  };
  return { outcome: "marked", op: { type: "update", object: marked } };
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
 * finalizer removes it instead (same precondition). Any other op is returned as it is.
 */
export function completeDeletion(op: WriteOp): WriteOp {
  if (op.type !== "update") return op;
  const meta = op.object.metadata;
  if (meta.deletionTimestamp === undefined || (meta.finalizers?.length ?? 0) > 0) return op;
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
  const finalizers = [...(ns.metadata.finalizers ?? []).filter((f) => f !== NAMESPACE_FINALIZER), NAMESPACE_FINALIZER];
  const marked: ApiObject = { ...ns, metadata: { ...ns.metadata, deletionTimestamp: inputs.now.toISOString(), finalizers } };
  return { outcome: "marked", ops: [...ops, { type: "update", object: marked }] };
}

/** A namespace being deleted accepts no new object (Kubernetes answers Forbidden). */
export function isTerminating(obj: ApiObject | undefined): boolean {
  return obj?.metadata.deletionTimestamp !== undefined;
}
