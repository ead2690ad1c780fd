// The store as controllers write through it: every create and update goes through the admission
// chain (chain.ts) first, exactly as a user's write does, then ResourceQuota charges the creates
// at the commit. So a validating webhook that refuses pods without a label refuses a Deployment's
// pods too, and a ReplicaSet's pods get their ServiceAccount and LimitRange defaults. In Kubernetes
// controllers write through the API server; skiff's write the store, so admission sits here.
// A refusal is thrown to the controller, which records a FailedCreate event and retries the key
// with back-off (its work queue).
import { refOf, type ApiObject } from "@skiff/api";
import type { Store, WriteOp } from "@skiff/store";
import { quotaStore } from "../quota/admit-at-commit.js";
import type { AdmissionChain } from "./chain.js";
import { subresourceOf } from "./subresource.js";

export function admittedStore(store: Store, chain: AdmissionChain, clock: () => Date = () => new Date()): Store {
  const charged = quotaStore(store, clock);
  const admitOp = async (op: WriteOp): Promise<WriteOp> => (op.type === "delete" ? op : { ...op, object: await admitWrite(store, chain, op) });
  return {
    ...charged,
    commit: async (ops) => charged.commit(await Promise.all(ops.map(admitOp))),
    create: async (object) => charged.create(await admitWrite(store, chain, { type: "create", object })),
    update: async (object) => charged.update(await admitWrite(store, chain, { type: "update", object })),
  };
}

/** `op`'s object as the chain leaves it; the stored object is read only when the chain has work to do. */
async function admitWrite(store: Store, chain: AdmissionChain, op: { type: "create" | "update"; object: ApiObject }): Promise<ApiObject> {
  const operation = op.type === "create" ? "CREATE" : "UPDATE";
  if (!chain.concerns(op.object, operation)) return op.object;
  const oldObject = operation === "UPDATE" ? await store.get(refOf(op.object)) : undefined;
  const subresource = subresourceOf(op.object, oldObject);
  if (subresource && !chain.concerns(op.object, operation, subresource)) return op.object;
  const { object } = await chain.admit({ operation, subresource, object: op.object, oldObject, dryRun: false, warnings: [] });
  return object;
}
