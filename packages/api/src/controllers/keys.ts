// Work-queue keys and the two indexes every controller's caches keep, wherever the controller
// runs (in the server on its shared informers, or as its own process on the SDK's). Pure.
import type { ApiObject } from "../meta.js";
import { controllerOf } from "../owners.js";
import type { IndexFunc } from "./indexed-cache.js";

/** The key of an object itself: `ns/name` (or `name` for cluster-scoped kinds). */
export function keyOf(obj: Pick<ApiObject, "metadata">): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf("/");
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** The work-queue key of the controller owning `obj` if it is of `kind`: `ns/name`. */
export function ownerKeys(kind: string) {
  return (obj: ApiObject): string[] => {
    const ref = controllerOf(obj);
    return ref && ref.kind === kind ? [`${obj.metadata.namespace ?? ""}/${ref.name}`] : [];
  };
}

/** "what is in namespace ns": value, the namespace. */
export const NAMESPACE_INDEX = "namespace";
/** "what does the object with uid u own": value, each owner reference's uid. */
export const OWNER_UID_INDEX = "owner-uid";

export const byNamespace: IndexFunc = (obj) => (obj.metadata.namespace ? [obj.metadata.namespace] : []);

export const byOwnerUid: IndexFunc = (obj) => (obj.metadata.ownerReferences ?? []).map((r) => r.uid);
