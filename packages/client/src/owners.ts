// Ownership, as Kubernetes records it: an object's ownerReferences name the objects it belongs to,
// one of them (controller: true) the one that manages it. A Deployment owns ReplicaSets, which
// own Pods; the garbage collector follows the same links.
import type { ApiObject, OwnerReference } from "@skiff/api";

/** The ownerReference with `controller: true`, if any. */
export function controllerOf(obj: ApiObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** The items whose controller is `owner` (matched by uid, so a recreated namesake does not count). */
export function ownedBy<T extends ApiObject>(items: readonly T[], owner: ApiObject): T[] {
  const uid = owner.metadata.uid;
  if (!uid) return [];
  return items.filter((o) => controllerOf(o)?.uid === uid);
}
