// DaemonSet (apps/v1): one pod per eligible node. Shaped as Kubernetes' JSON.
import type { ApiObject } from "../meta.js";
import type { IntOrString, LabelSelector } from "./common.js";
import type { PodTemplateSpec } from "./pod.js";
import type { WorkloadCondition } from "./workloads.js";

export interface RollingUpdateDaemonSet {
  /** Nodes whose daemon pod may be unavailable during the update: a count or a percentage of the desired nodes. */
  maxUnavailable?: IntOrString;
  /** Nodes that may run an old and a new daemon pod at once during the update: a count or a percentage. */
  maxSurge?: IntOrString;
}

export interface DaemonSetUpdateStrategy {
  /** RollingUpdate replaces pods as the template changes; OnDelete only when the user deletes one. */
  type?: "RollingUpdate" | "OnDelete";
  /** Only with type RollingUpdate. */
  rollingUpdate?: RollingUpdateDaemonSet;
}

export interface DaemonSetSpec {
  selector: LabelSelector;
  template: PodTemplateSpec;
  updateStrategy?: DaemonSetUpdateStrategy;
  /** Seconds a new pod must be ready before it counts as available. */
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
}

/** Counted as Kubernetes' daemon controller counts (pkg/controller/daemon, updateDaemonSetStatus). */
export interface DaemonSetStatus {
  /** Nodes that should run the daemon pod. */
  desiredNumberScheduled: number;
  /** Nodes that should run it and run at least one. */
  currentNumberScheduled: number;
  /** Nodes that run one but should not. */
  numberMisscheduled: number;
  /** Nodes that should run it whose oldest daemon pod is Ready. */
  numberReady: number;
  /** Nodes that should run it whose oldest daemon pod comes from the current template. */
  updatedNumberScheduled?: number;
  /** ... and is Ready for minReadySeconds. */
  numberAvailable?: number;
  /** desiredNumberScheduled - numberAvailable. */
  numberUnavailable?: number;
  observedGeneration?: number;
  collisionCount?: number;
  conditions?: WorkloadCondition[];
}

export interface DaemonSet extends ApiObject<DaemonSetSpec, DaemonSetStatus> {
  apiVersion: "apps/v1";
  kind: "DaemonSet";
  spec: DaemonSetSpec;
}
