// Carrying out an eviction: read the pod and its namespace's budgets, decide (decision.ts), spend
// the budget with a compare-and-swap write of its status, then delete the pod through the same
// ObjectService.delete the DELETE verb uses (so a graceful deletion applies to evictions too).
// Both edges call this: the REST edge's pods/NAME/eviction and the gRPC Evict.
import {
  ConflictError,
  DisruptionBudgetError,
  PermissionDeniedError,
  SkiffError,
  type ApiObject,
  type Pod,
  type PodDisruptionBudget,
} from "@skiff/api";
import type { DeleteOptions, ObjectService } from "../objects/objects.js";
import { decideEviction } from "./decision.js";

/** A pod more than one budget covers: Kubernetes answers 500 and evicts nothing. */
export class SeveralBudgetsError extends SkiffError {
  readonly code = "FAILED_PRECONDITION";
  readonly status = 500;
  readonly budgets: string[];
  constructor(budgets: string[]) {
    super("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
    this.budgets = budgets;
  }
}

export interface EvictOptions extends DeleteOptions {
  /** The caller's precondition on the pod's revision: never retried when it fails. */
  resourceVersion?: string;
}

// Kubernetes retries a conflicting budget write 20 times; skiff's writers are fewer.
const ATTEMPTS = 10;

/** Evict pod `namespace/name`: the pod as deleted (or marked for deletion), or a named error. */
export async function evictPod(objects: ObjectService, namespace: string, name: string, options: EvictOptions, now: () => Date): Promise<ApiObject> {
  const { resourceVersion, ...deleteOptions } = options;
  const ref = { kind: "Pod", namespace, name };
  for (let attempt = 1; ; attempt++) {
    const pod = (await objects.get(ref)) as Pod;
    const budgets = (await objects.list({ kind: "PodDisruptionBudget", namespace })).items as PodDisruptionBudget[];
    const decision = decideEviction(pod, budgets, now());
    try {
      switch (decision.type) {
        case "several":
          throw new SeveralBudgetsError(decision.budgets);
        case "wait":
          throw new DisruptionBudgetError(decision.budget, decision.reason, { retryAfterSeconds: decision.retryAfterSeconds });
        case "forbidden":
          throw new PermissionDeniedError(`poddisruptionbudget.policy "${decision.budget}" is forbidden: ${decision.reason}`);
        case "delete":
          try {
            return await objects.delete(ref, resourceVersion ?? decision.pinResourceVersion, deleteOptions);
          } catch (err) {
            // The pod changed since we looked (it may have turned Ready): decide again, unless
            // the caller pinned the revision. A not-ready pod's budget answers 429, as Kubernetes.
            if (err instanceof ConflictError && resourceVersion === undefined && decision.budget !== undefined) {
              throw new DisruptionBudgetError(decision.budget, `The disruption budget ${decision.budget} is still being processed by the server.`, { retryAfterSeconds: 10 });
            }
            throw err;
          }
        case "spend":
          if (!deleteOptions.dryRun) await objects.updateStatus({ ...decision.budget, status: decision.status });
          return await objects.delete(ref, resourceVersion, deleteOptions);
      }
    } catch (err) {
      // Another eviction (or the controller) wrote the budget or the pod in between: read again.
      if (!(err instanceof ConflictError) || resourceVersion !== undefined || attempt >= ATTEMPTS) throw err;
    }
  }
}
