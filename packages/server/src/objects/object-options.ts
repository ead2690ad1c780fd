// What the object core's operations take and give back (objects.ts), apart so that the edges can
// name them without the class.
import type { ApiObject, ManagedFieldsEntry } from "@skiff/api";
import type { ApplyAction } from "./apply-plan.js";

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

export function withManagedFields(object: ApiObject, managedFields: ManagedFieldsEntry[] | undefined): ApiObject {
  return managedFields ? { ...object, metadata: { ...object.metadata, managedFields } } : object;
}
