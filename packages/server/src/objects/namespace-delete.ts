// Deleting a namespace deletes everything in it, in one batch (Kubernetes does it in the
// background); objects held by finalizers are marked, and the namespace waits for them.
// Too much for one batch (on etcd: over 128 objects or ~1.5 MiB), it goes in steps instead.
import { ConflictError, NotFoundError, PermissionDeniedError, type ApiObject } from "@skiff/api";
import { commitInChunks, fitsOneCommit, type Store } from "@skiff/store";
import { IMMORTAL_NAMESPACES } from "../cluster/default-namespaces.js";
import { namespaceDeleteInSteps, planNamespaceDelete } from "./deletion-plan.js";
import { namespacedKinds } from "./request-checks.js";

/** Returns the namespace as removed or marked. */
export async function deleteNamespace(store: Store, ns: ApiObject, now: Date, resourceVersion?: string): Promise<ApiObject> {
  const name = ns.metadata.name;
  if (IMMORTAL_NAMESPACES.has(name)) throw new PermissionDeniedError(`namespaces "${name}" is forbidden: this namespace may not be deleted`);
  const content: ApiObject[] = [];
  for (const info of namespacedKinds()) content.push(...(await store.list(info, { namespace: name })).items);
  const plan = planNamespaceDelete(ns, content, { now, resourceVersion });
  if (plan.ops.length === 0) return ns;
  if (fitsOneCommit(plan.ops)) {
    const results = await store.commit(plan.ops);
    return results[results.length - 1] ?? ns;
  }
  const steps = namespaceDeleteInSteps(ns, plan.ops, now);
  const [marked] = await store.commit([steps.mark]);
  try {
    await commitInChunks(store, steps.content);
  } catch (err) {
    // An object changed or went since it was read: the garbage collector deletes what is left.
    if (!(err instanceof ConflictError || err instanceof NotFoundError)) throw err;
  }
  return marked ?? ns;
}
