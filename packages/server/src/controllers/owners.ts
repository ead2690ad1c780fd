// Owner references as the work queues use them: which controller's key an object's change
// requeues, and an object's own key. The references themselves (controllerRef, controllerOf,
// isControlledBy) are @skiff/api's owners.ts, shared with the client and the CLI. Pure.
import { controllerOf, type ApiObject } from "@skiff/api";

export { controllerRef, controllerOf, isControlledBy } from "@skiff/api";

/** The work-queue key of the controller owning `obj` if it is of `kind`: `ns/name`. */
export function ownerKeys(kind: string) {
  return (obj: ApiObject): string[] => {
    const ref = controllerOf(obj);
    return ref && ref.kind === kind ? [`${obj.metadata.namespace ?? ""}/${ref.name}`] : [];
  };
}

/** The key of an object itself: `ns/name` (or `name` for cluster-scoped kinds). */
export function keyOf(obj: ApiObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf("/");
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
