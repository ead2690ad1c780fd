// The owner graph, read two ways: from the informers' caches (fast, may lag) to find what to
// look at, and from the store (slow, current) for the final check before any write.
//
// Kubernetes' collector keeps a graph of every object's owners and dependents in memory; skiff's
// objects are few enough to find dependents by scanning the caches, which keeps nothing to get stale.
import { kindInfo, type ApiObject, type OwnerReference } from "@skiff/api";
import type { Store } from "@skiff/store";
import type { SharedInformers } from "../framework/shared-informers.js";
import { refTo, type OwnerLookup } from "./gc-plan.js";

/** The namespaced kinds that can have owners, all of which can also be owners. */
export const DEPENDENT_KINDS = ["Pod", "ReplicaSet", "Deployment", "StatefulSet", "Service", "Endpoints", "ConfigMap", "Secret"];
/** Every kind the collector follows: an owner of any other kind is never presumed gone. */
export const FOLLOWED_KINDS = [...DEPENDENT_KINDS, "Namespace"];

export interface GcKey {
  kind: string;
  namespace?: string;
  name: string;
}

/** The work-queue key: `Kind:ns/name`, or `Kind:name` for cluster-scoped kinds. */
export function gcKey(k: GcKey): string {
  return `${k.kind}:${k.namespace ? `${k.namespace}/` : ""}${k.name}`;
}

export function parseGcKey(key: string): GcKey {
  const colon = key.indexOf(":");
  const kind = key.slice(0, colon);
  const rest = key.slice(colon + 1);
  const slash = rest.indexOf("/");
  return slash < 0 ? { kind, name: rest } : { kind, namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
}

/** Where the owner named by `ref` of an object in `namespace` lives (owners share the namespace, or are cluster-scoped). */
export function ownerKey(ref: OwnerReference, namespace: string | undefined): GcKey | undefined {
  const info = kindInfo(ref.kind);
  if (!info || !FOLLOWED_KINDS.includes(ref.kind)) return undefined;
  return { kind: ref.kind, namespace: info.namespaced ? namespace : undefined, name: ref.name };
}

export function keyOfObject(obj: ApiObject): GcKey {
  return { kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name };
}

export class CacheGraph {
  constructor(private readonly informers: SharedInformers) {}

  get(k: GcKey): ApiObject | undefined {
    return this.informers.for(k.kind).get(k.namespace ? `${k.namespace}/${k.name}` : k.name);
  }

  lookup(namespace: string | undefined): OwnerLookup {
    return (ref) => {
      const k = ownerKey(ref, namespace);
      return k ? this.get(k) : "unknown";
    };
  }

  /** Objects with an owner reference to `owner` by kind and name, whatever the uid (the owner may be gone or replaced). */
  dependentsNamed(owner: GcKey): ApiObject[] {
    const namespaced = kindInfo(owner.kind)?.namespaced ?? false;
    return this.scan(
      (o) =>
        (!namespaced || o.metadata.namespace === owner.namespace) &&
        (o.metadata.ownerReferences ?? []).some((r) => r.kind === owner.kind && r.name === owner.name),
    );
  }

  hasDependents(obj: ApiObject): boolean {
    return this.scan((o) => refTo(o, obj.metadata.uid) !== undefined).length > 0;
  }

  private scan(match: (o: ApiObject) => boolean): ApiObject[] {
    return DEPENDENT_KINDS.flatMap((kind) => this.informers.for(kind).list(match));
  }
}

/** Owner lookups for `obj` answered by the store, read now. */
export async function storeLookup(store: Store, obj: ApiObject): Promise<OwnerLookup> {
  const found = new Map<OwnerReference, ApiObject | undefined | "unknown">();
  for (const ref of obj.metadata.ownerReferences ?? []) {
    const k = ownerKey(ref, obj.metadata.namespace);
    found.set(ref, k ? await store.get(k) : "unknown");
  }
  return (ref) => found.get(ref);
}

/** Every object with an owner reference to `owner`'s uid, from the store. */
export async function storeDependents(store: Store, owner: ApiObject): Promise<ApiObject[]> {
  const namespace = owner.metadata.namespace;
  const out: ApiObject[] = [];
  for (const kind of DEPENDENT_KINDS) {
    const { items } = await store.list(kind, namespace ? { namespace } : {});
    out.push(...items.filter((o) => refTo(o, owner.metadata.uid) !== undefined));
  }
  return out;
}
