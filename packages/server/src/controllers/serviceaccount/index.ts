// The ServiceAccounts controller (Kubernetes' serviceaccounts-controller): every namespace has a
// ServiceAccount `default`; one deleted is made again. Keyed by namespace name, on the events of
// Namespaces and of ServiceAccounts.
import { AlreadyExistsError, type ApiObject, type Namespace } from "@skiff/api";
import { randomUUID } from "node:crypto";
import type { ControllerDefinition, ReconcileContext } from "../framework/controller.js";
import { isTerminating } from "../../objects/deletion-plan.js";

export const DEFAULT_ACCOUNT = "default";

/** Pure: the ServiceAccount to create in `namespace`, or none (it has one, or is going away). */
export function missingDefaultAccount(namespace: Namespace | undefined, existing: ApiObject | undefined, now: Date): ApiObject | undefined {
  if (!namespace || existing || isTerminating(namespace)) return undefined;
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: DEFAULT_ACCOUNT, namespace: namespace.metadata.name, uid: randomUUID(), creationTimestamp: now.toISOString() },
  };
}

export const serviceAccountController: ControllerDefinition = {
  name: "serviceaccount",
  watches: [
    { kind: "Namespace", keysFor: (ns) => [ns.metadata.name] },
    { kind: "ServiceAccount", keysFor: (sa) => (sa.metadata.name === DEFAULT_ACCOUNT ? [sa.metadata.namespace ?? "default"] : []) },
  ],
  reconcile: reconcileDefaultAccount,
};

export async function reconcileDefaultAccount(namespace: string, ctx: ReconcileContext): Promise<void> {
  const ns = ctx.informers.for<Namespace>("Namespace").get(namespace);
  const account = missingDefaultAccount(ns, ctx.informers.for("ServiceAccount").get(`${namespace}/${DEFAULT_ACCOUNT}`), ctx.now());
  if (!account) return;
  try {
    await ctx.store.create(account);
    ctx.log.info({ namespace }, "created the default ServiceAccount");
  } catch (err) {
    if (!(err instanceof AlreadyExistsError)) throw err;
  }
}
