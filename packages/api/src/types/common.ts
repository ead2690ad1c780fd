// Shapes shared by several kinds, spelled as Kubernetes' JSON spells them.

/** A number or a string, as Kubernetes' IntOrString: `8080` or `"http"`, `1` or `"25%"`. */
export type IntOrString = number | string;

/**
 * A resource quantity as Kubernetes writes it: `"500m"`, `"128Mi"`, `"2"`. Manifests may use a
 * number (`cpu: 1`); validation turns it into its string form. See quantity.ts to compute with it.
 */
export type Quantity = string;

/** Resource name (`cpu`, `memory`, `storage`, `nvidia.com/gpu`) to quantity. */
export type ResourceList = Record<string, Quantity>;

export type ConditionStatus = "True" | "False" | "Unknown";

export interface LabelSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

/** Which objects a workload or a Service owns: all of its terms must hold. Empty matches all. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** A pointer to any object (an Event's subject, an endpoint's pod). */
export interface ObjectReference {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
  /** A part of the object, e.g. `spec.containers{web}`. */
  fieldPath?: string;
}
