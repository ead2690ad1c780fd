// One attempt at an apply of several documents (objects.ts retries it when a read went stale):
// each is planned against what is stored, sent through the admission chain as the create or the
// update it turned out to be (webhooks see the merged object and the stored one), given Service
// addresses, and the whole batch is committed at once, or none of it.
import { refOf, type ApiObject, type Service } from "@skiff/api";
import { CommitTooLargeError, type Store, type WriteOp } from "@skiff/store";
import type { AdmissionChain } from "../admission/chain.js";
import { commitGuarded } from "./allocation-record.js";
import { planApply, type PlanInputs } from "./apply-plan.js";
import { checkFinalizerUpdate, completeDeletion } from "./deletion-plan.js";
import { asWritten } from "./deletion.js";
import { checkImmutable } from "./immutable.js";
import { checkKindsServed } from "./kind-lifecycle.js";
import { checkNamespaces } from "./namespace-checks.js";
import type { ApplyOutcome } from "./object-options.js";
import { ServiceAllocations } from "./service-allocator.js";

export interface ApplyBatchInputs {
  store: Store;
  admission: AdmissionChain;
  serviceCIDR: string;
  plan: PlanInputs;
  dryRun: boolean;
}

export async function applyBatch(validated: { object: ApiObject; warnings: string[] }[], inputs: ApplyBatchInputs): Promise<ApplyOutcome[]> {
  const { store, dryRun } = inputs;
  const outcomes: ApplyOutcome[] = [];
  const ops: WriteOp[] = [];
  const creating: ApiObject[] = [];
  const siblings = validated.map((v) => v.object);
  // Read on the first Service that needs addresses, shared by the batch (no two get the same).
  let allocations: ServiceAllocations | undefined;
  for (const { object, warnings } of validated) {
    const existing = await store.get(refOf(object));
    const plan = planApply(object, existing, inputs.plan);
    let said = warnings;
    if (plan.action !== "unchanged") {
      const operation = existing ? "UPDATE" : "CREATE";
      const admitted = await inputs.admission.admit({ operation, subresource: "", object: plan.object, oldObject: existing, dryRun, warnings, siblings });
      plan.object = admitted.object;
      said = admitted.warnings;
    }
    if (plan.object.kind === "Service" && plan.action !== "unchanged") {
      allocations ??= await ServiceAllocations.read(store, inputs.serviceCIDR);
      plan.object = allocations.allocate(plan.object as Service, existing as Service | undefined);
    }
    outcomes.push({ action: plan.action, object: plan.object, warnings: said });
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
  checkKindsServed(creating);
  await checkNamespaces(store, siblings, creating);
  if (dryRun || ops.length === 0) return outcomes;
  const stored = await commitGuarded(store, ops, allocations?.guard).catch((err: unknown) => {
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
