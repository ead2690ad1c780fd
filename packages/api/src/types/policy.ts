// Disruption budgets (policy/v1): how many of an application's pods may be taken down on
// purpose at once (a drain, an eviction), and the Eviction a client posts to ask for one.
// Shaped as Kubernetes' JSON.
import type { ApiObject } from "../meta.js";
import type { ConditionStatus, IntOrString, LabelSelector } from "./common.js";

export interface PodDisruptionBudgetSpec {
  /** Pods of the selector that must stay healthy after an eviction: a count or a percentage. */
  minAvailable?: IntOrString;
  /** Pods of the selector that may be unhealthy after an eviction: a count or a percentage. */
  maxUnavailable?: IntOrString;
  /** Which pods the budget covers (in its namespace). */
  selector?: LabelSelector;
  /** `IfHealthyBudget` (default): a not-ready pod is evicted only while the budget is met; `AlwaysAllow`: always. */
  unhealthyPodEvictionPolicy?: "IfHealthyBudget" | "AlwaysAllow";
}

/** metav1.Condition, as the budget's `DisruptionAllowed` condition uses it. */
export interface PodDisruptionBudgetCondition {
  type: string;
  status: ConditionStatus;
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface PodDisruptionBudgetStatus {
  /** The generation of the spec this status was computed from; evictions wait until it is current. */
  observedGeneration?: number;
  /**
   * Pods an eviction was granted for, by name, with the time of the grant: not counted as healthy
   * until the disruption controller sees them go (or two minutes pass and it stops waiting).
   */
  disruptedPods?: Record<string, string>;
  /** How many more pods may be evicted now. */
  disruptionsAllowed: number;
  /** Ready pods of the selector, not being deleted nor disrupted. */
  currentHealthy: number;
  /** Ready pods the budget wants. */
  desiredHealthy: number;
  /** Pods there should be: the sum of the pods' controllers' replicas (or the pods, for an int minAvailable). */
  expectedPods: number;
  conditions?: PodDisruptionBudgetCondition[];
}

export interface PodDisruptionBudget extends ApiObject<PodDisruptionBudgetSpec, PodDisruptionBudgetStatus> {
  apiVersion: "policy/v1";
  kind: "PodDisruptionBudget";
  spec: PodDisruptionBudgetSpec;
}

/** The options an eviction deletes the pod with (metav1.DeleteOptions, as JSON). */
export interface EvictionDeleteOptions {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: string;
  dryRun?: string[];
  [field: string]: unknown;
}

/** What `kubectl drain` posts to `pods/NAME/eviction`: the pod's name and namespace, and how to delete it. */
export interface Eviction {
  apiVersion: "policy/v1" | "policy/v1beta1";
  kind: "Eviction";
  metadata: { name: string; namespace?: string };
  deleteOptions?: EvictionDeleteOptions;
}
