// When admission refuses a batch of new pods (a namespace's ResourceQuota is full, a LimitRange
// bound is broken, a validating webhook denies them or cannot be called under failurePolicy Fail), the ReplicaSet makes the pods that still fit, one at a time, and stops at the
// first refusal, reporting it as a FailedCreate event: Kubernetes' ReplicaSet creates in
// slow-start batches and stops at the first error, so a Deployment of 6 under a quota of 4 pods
// gets 4 pods and a FailedCreate event, not none.
import { PermissionDeniedError, ValidationError, type Pod, type ReplicaSet } from "@skiff/api";
import type { WriteOp } from "@skiff/store";
import { WebhookDeniedError, WebhookFailedError } from "../../admission-webhooks/index.js";
import type { ReconcileContext } from "../framework/controller.js";

/** Refused by admission (403, a webhook's refusal, or invalid after defaulting): retrying the same batch at once cannot help. */
export function refusedByAdmission(err: unknown): boolean {
  return err instanceof PermissionDeniedError || err instanceof ValidationError || err instanceof WebhookDeniedError || err instanceof WebhookFailedError;
}

/**
 * Write `ops` but the creates, then create `created` one by one until one is refused; each made
 * pod gets its SuccessfulCreate event, the refusal a FailedCreate. Throws the refusal, so that the
 * work queue asks again later with back-off (a pod may be deleted, the quota raised).
 */
export async function createWhatFits(rs: ReplicaSet, ops: WriteOp[], created: Pod[], refusal: unknown, ctx: ReconcileContext): Promise<never> {
  const rest = ops.filter((op) => op.type !== "create");
  if (rest.length > 0) await ctx.store.commit(rest);
  let error = refusal;
  for (const pod of created) {
    try {
      await ctx.store.create(pod);
      ctx.events.record(rs, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name}`);
    } catch (err) {
      error = err;
      break;
    }
  }
  if (refusedByAdmission(error)) ctx.events.record(rs, "Warning", "FailedCreate", `Error creating: ${(error as Error).message}`);
  throw error;
}
