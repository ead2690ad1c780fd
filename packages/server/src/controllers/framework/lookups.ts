// The questions controllers ask the caches, answered by index (../../informer/indexers.ts), in
// time proportional to the answer, never to the cluster:
//
//   selecting(caches, "ReplicaSet", pod)        the ReplicaSets whose selector matches the pod
//   selectedBy(caches, "Pod", ns, selector)     the pods of ns the selector matches
//   ownedBy(caches, "Pod", uid)                 the pods with an owner reference to uid
import type { ApiObject, Selector } from "@skiff/api";
import { LABEL_INDEX, NAMESPACE_INDEX, OWNER_UID_INDEX, SELECTOR_INDEX, requiredLabel, selectorCandidates, selectorOf } from "../../informer/indexers.js";
import type { Caches } from "./caches.js";

/** Objects of `kind` (one that selects: Service, ReplicaSet...) whose selector matches `obj`'s labels, in its namespace. */
export function selecting<T extends ApiObject = ApiObject>(caches: Caches, kind: string, obj: ApiObject): T[] {
  const cache = caches.for<T>(kind);
  const labels = obj.metadata.labels;
  const out: T[] = [];
  for (const value of selectorCandidates(obj.metadata.namespace, labels)) {
    for (const candidate of cache.byIndex(SELECTOR_INDEX, value)) if (selectorOf(candidate)?.matches(labels)) out.push(candidate);
  }
  return out;
}

/** Objects of `kind` (Pod, ReplicaSet) in `namespace` that `selector` matches. */
export function selectedBy<T extends ApiObject = ApiObject>(caches: Caches, kind: string, namespace: string | undefined, selector: Selector): T[] {
  const cache = caches.for<T>(kind);
  const pair = requiredLabel(namespace, selector);
  const candidates = pair ? cache.byIndex(LABEL_INDEX, pair) : cache.byIndex(NAMESPACE_INDEX, namespace ?? "");
  return candidates.filter((o) => selector.matches(o.metadata.labels));
}

/** Objects of `kind` with an owner reference to `uid` (controller or not). */
export function ownedBy<T extends ApiObject = ApiObject>(caches: Caches, kind: string, uid: string | undefined): T[] {
  return uid ? caches.for<T>(kind).byIndex(OWNER_UID_INDEX, uid) : [];
}

/** `a` and `b` without duplicates (by namespace and name), `a`'s first. */
export function union<T extends ApiObject>(a: readonly T[], b: readonly T[]): T[] {
  const seen = new Set(a.map((o) => `${o.metadata.namespace ?? ""}/${o.metadata.name}`));
  return [...a, ...b.filter((o) => !seen.has(`${o.metadata.namespace ?? ""}/${o.metadata.name}`))];
}
