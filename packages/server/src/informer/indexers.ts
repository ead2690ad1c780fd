// The indexes every shared informer keeps, and how to ask them. Each answers one question a loop
// asks per event, in time proportional to the answer:
//
//   namespace   "what is in namespace ns"                  value: the namespace
//   owner-uid   "what does the object with uid u own"      value: each owner reference's uid
//   owner-ref   "what names Kind/name as its owner"        value: ownerRefValue(...) (the owner may be gone)
//   node        "which pods are bound to node n" (Pods)    value: spec.nodeName
//   label       "which pods (ReplicaSets) carry label k=v"  value: `ns/k=v` per label (the kinds selected)
//   selector    "which Services / ReplicaSets / ... may select labels L" (kinds with a selector)
//
// The selector index files an object under ONE label pair that its selector requires
// (`ns/app=web`), or under `ns/` when it requires none. Every pod it selects carries that pair,
// so the candidates for a pod are the objects filed under one of its own pairs, or under `ns/`;
// selectorCandidates() asks exactly those, and the caller confirms with the full selector.
import { kindInfo, selectorFromLabelSelector, type ApiObject, type LabelSelector, type Pod, type Selector } from "@skiff/api";
import { NAMESPACE_INDEX, OWNER_UID_INDEX, byNamespace, byOwnerUid } from "@skiff/api";
import type { IndexFunc, Indexers } from "./indexed-cache.js";

// The namespace and owner-uid indexes are @skiff/api's (an operator's caches keep them too).
export { NAMESPACE_INDEX, OWNER_UID_INDEX, byNamespace, byOwnerUid };
export const OWNER_REF_INDEX = "owner-ref";
export const NODE_INDEX = "node";
export const LABEL_INDEX = "label";
export const SELECTOR_INDEX = "selector";
/** Pods by the claims they use: `namespace/claimName`. */
export const CLAIM_INDEX = "claim";

/**
 * `Kind/ns/name` for a namespaced owner (owners share their dependents' namespace), `Kind//name`
 * for a cluster-scoped one.
 */
export function ownerRefValue(kind: string, namespace: string | undefined, name: string): string {
  const namespaced = kindInfo(kind)?.namespaced ?? true;
  return `${kind}/${namespaced ? (namespace ?? "") : ""}/${name}`;
}

export const byOwnerRef: IndexFunc = (obj) =>
  (obj.metadata.ownerReferences ?? []).map((r) => ownerRefValue(r.kind, obj.metadata.namespace, r.name));

export const byNode: IndexFunc = (obj) => {
  const node = (obj as Pod).spec?.nodeName;
  return node ? [node] : [];
};

export const byClaim: IndexFunc = (obj) => {
  const volumes = (obj as { spec?: { volumes?: { persistentVolumeClaim?: { claimName: string } }[] } }).spec?.volumes ?? [];
  return volumes.flatMap((v) => (v.persistentVolumeClaim ? [`${obj.metadata.namespace ?? "default"}/${v.persistentVolumeClaim.claimName}`] : []));
};

export const byLabel: IndexFunc = (obj) => {
  const ns = obj.metadata.namespace ?? "";
  return Object.entries(obj.metadata.labels ?? {}).map(([k, v]) => `${ns}/${k}=${v}`);
};

/**
 * The label-index value that narrows `selector` most cheaply: one pair it requires, or undefined
 * when it requires none (ask the namespace index then).
 */
export function requiredLabel(namespace: string | undefined, selector: Selector): string | undefined {
  const r = selector.requirements.find((q) => (q.operator === "=" || q.operator === "in") && q.values.length === 1);
  return r ? `${namespace ?? ""}/${r.key}=${r.values[0]}` : undefined;
}

/** The label selector of an object of a kind that has one (undefined for other kinds, or none). */
export function selectorOf(obj: ApiObject): Selector | undefined {
  const spec = (obj as { spec?: { selector?: unknown } }).spec;
  const selector = spec?.selector;
  if (!selector || typeof selector !== "object") return undefined;
  try {
    // A Service's selector is a plain map; the workloads' a LabelSelector.
    return obj.kind === "Service"
      ? selectorFromLabelSelector({ matchLabels: selector as Record<string, string> })
      : selectorFromLabelSelector(selector as LabelSelector);
  } catch {
    return undefined; // invalid: it selects nothing (its controller reports the error)
  }
}

export const bySelector: IndexFunc = (obj) => {
  const selector = selectorOf(obj);
  if (!selector) return [];
  return [requiredLabel(obj.metadata.namespace, selector) ?? `${obj.metadata.namespace ?? ""}/`];
};

/** The selector-index values under which objects that may select these labels in `namespace` are filed. */
export function selectorCandidates(namespace: string | undefined, labels: Record<string, string> | undefined): string[] {
  const ns = namespace ?? "";
  return [`${ns}/`, ...Object.entries(labels ?? {}).map(([k, v]) => `${ns}/${k}=${v}`)];
}

/** The kinds whose objects select others by labels, and the kinds they select. */
export const SELECTING_KINDS = new Set(["Service", "ReplicaSet", "Deployment", "StatefulSet", "PodDisruptionBudget"]);
export const SELECTED_KINDS = new Set(["Pod", "ReplicaSet"]);

/** The indexes a shared informer of `kind` keeps. */
export function standardIndexers(kind: string): Indexers {
  const indexers: Indexers = { [NAMESPACE_INDEX]: byNamespace, [OWNER_UID_INDEX]: byOwnerUid, [OWNER_REF_INDEX]: byOwnerRef };
  if (kind === "Pod") indexers[NODE_INDEX] = byNode;
  if (kind === "Pod") indexers[CLAIM_INDEX] = byClaim;
  if (SELECTED_KINDS.has(kind)) indexers[LABEL_INDEX] = byLabel;
  if (SELECTING_KINDS.has(kind)) indexers[SELECTOR_INDEX] = bySelector;
  return indexers;
}
