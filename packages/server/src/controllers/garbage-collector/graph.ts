// The owner graph, read two ways: from the informers' caches (fast, may lag) to find what to
// look at, and from the store (slow, current) for the final check before any write.
//
// Kubernetes' collector keeps a graph of every object's owners and dependents in memory; skiff's
// is the shared informers' owner indexes (owner uid -> dependents, owner Kind/name -> dependents),
// kept in line with the caches by the informers themselves, so nothing here can get stale and
// "has it dependents?" costs one index read per kind, not a walk of every object.
import { customKind, customKinds, kindInfo, refOf, type ApiObject, type OwnerReference } from "@skiff/api";
import type { Store } from "@skiff/store";
import { OWNER_REF_INDEX, OWNER_UID_INDEX, ownerRefValue } from "../../informer/indexers.js";
import type { Caches } from "../framework/caches.js";
import { refTo, type OwnerLookup } from "./gc-plan.js";

/** The namespaced kinds that can have owners, all of which can also be owners. */
export const DEPENDENT_KINDS = ["Pod", "ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "ControllerRevision", "Job", "CronJob", "Service", "Endpoints", "ConfigMap", "Secret", "PersistentVolumeClaim"];
/** Every kind the collector follows: an owner of any other kind is never presumed gone. */
export const FOLLOWED_KINDS = [...DEPENDENT_KINDS, "Namespace"];

/** The dependent kinds, with every custom kind served now (each can own and be owned). */
export function dependentKinds(): string[] {
  const custom = customKinds();
  return custom.length === 0 ? DEPENDENT_KINDS : [...DEPENDENT_KINDS, ...custom.map((k) => k.kind)];
}

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
  if (!info || !(FOLLOWED_KINDS.includes(ref.kind) || customKind(ref.kind))) return undefined;
  return { kind: ref.kind, namespace: info.namespaced ? namespace : undefined, name: ref.name };
}

export function keyOfObject(obj: ApiObject): GcKey {
  return { kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name };
}

export class CacheGraph {
  constructor(private readonly informers: Caches) {}

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
    const value = ownerRefValue(owner.kind, owner.namespace, owner.name);
    return dependentKinds().flatMap((kind) => this.informers.for(kind).byIndex(OWNER_REF_INDEX, value));
  }

  /** Objects with an owner reference to `owner`'s uid. */
  dependents(owner: ApiObject): ApiObject[] {
    const uid = owner.metadata.uid;
    return uid ? dependentKinds().flatMap((kind) => this.informers.for(kind).byIndex(OWNER_UID_INDEX, uid)) : [];
  }

  hasDependents(obj: ApiObject): boolean {
    const uid = obj.metadata.uid;
    return !!uid && dependentKinds().some((kind) => this.informers.for(kind).byIndex(OWNER_UID_INDEX, uid).length > 0);
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

/**
 * The objects with an owner reference to `owner`'s uid: found in the caches' owner-uid index,
 * each read again from the store (the version to act on, and proof it still names the owner).
 */
export async function storeDependents(store: Store, graph: CacheGraph, owner: ApiObject): Promise<ApiObject[]> {
  const out: ApiObject[] = [];
  for (const cached of graph.dependents(owner)) {
    const latest = await store.get(refOf(cached));
    if (latest && latest.metadata.uid === cached.metadata.uid && refTo(latest, owner.metadata.uid) !== undefined) out.push(latest);
  }
  return out;
}
