// Ownership, as Kubernetes records it: an object's ownerReferences name the objects it belongs to,
// one of them (controller: true) the one that manages it. A Deployment owns ReplicaSets, which own
// Pods; a Service owns its Endpoints; the garbage collector follows the same links. Controllers
// write these references (server), `rollout history` and `drain` read them (client, CLI).
import type { ApiObject, OwnerReference } from "./meta.js";

type Owned = Pick<ApiObject, "metadata">;

/** The reference a controller puts on what it creates (controller: true, as Kubernetes). */
export function controllerRef(owner: ApiObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The owner reference marked controller, if any (at most one may be). */
export function controllerOf(obj: Owned): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** Is `obj` controlled by `owner` (same uid, so a recreated namesake does not count)? */
export function isControlledBy(obj: Owned, owner: Owned): boolean {
  const uid = owner.metadata.uid;
  return !!uid && controllerOf(obj)?.uid === uid;
}

/** The items whose controller is `owner`. */
export function ownedBy<T extends Owned>(items: readonly T[], owner: Owned): T[] {
  return items.filter((o) => isControlledBy(o, owner));
}
