// Kubernetes' NamespaceLifecycle admission, the first check of every write: an object's namespace
// must exist, and a new object may not go into a namespace being deleted.
import { NotFoundError, ValidationError, describeRef, refOf, type ApiObject, type ObjectRef } from "@skiff/api";
import { isTerminating } from "./deletion-plan.js";

/** Throws for the first object of `objects` whose namespace is missing, or `creating` whose namespace is terminating. */
export async function checkNamespaces(store: { get(ref: ObjectRef): Promise<ApiObject | undefined> }, objects: ApiObject[], creating: ApiObject[] = []): Promise<void> {
  // A namespace applied in the same batch exists for the batch's other objects.
  const created = new Set(objects.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name));
  const creatingNow = new Set(creating);
  for (const o of objects) {
    const ns = o.metadata.namespace;
    if (!ns || created.has(ns)) continue;
    const namespace = await store.get({ kind: "Namespace", name: ns });
    if (!namespace) {
      throw new NotFoundError(`namespace "${ns}" not found (for ${describeRef(refOf(o))}); create it first`);
    }
    if (isTerminating(namespace) && creatingNow.has(o)) {
      throw new ValidationError([{ path: "metadata.namespace", message: `namespace "${ns}" is being deleted: no new object can be created in it` }]);
    }
  }
}
