// Owner references: how a ReplicaSet knows its pods and a Deployment its ReplicaSets, and how
// the garbage collector knows what to delete when an owner goes. Pure helpers.
import type { ApiObject, OwnerReference } from "@skiff/api";

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
export function controllerOf(obj: ApiObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

/** Is `obj` controlled by `owner` (same uid)? */
export function isControlledBy(obj: ApiObject, owner: ApiObject): boolean {
  const ref = controllerOf(obj);
  return ref !== undefined && ref.uid === owner.metadata.uid;
}

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
