// Cluster-level kinds: Namespace, Node (what an agent registers and reports), and Event.
import type { ApiObject } from "../meta.js";
import type { ConditionStatus, ObjectReference, ResourceList } from "./common.js";
import type { TaintEffect } from "./pod.js";

export interface NamespaceSpec {
  finalizers?: string[];
}

export interface NamespaceStatus {
  phase?: "Active" | "Terminating";
}

export interface Namespace extends ApiObject<NamespaceSpec, NamespaceStatus> {
  apiVersion: "v1";
  kind: "Namespace";
}

/** Keeps pods away from a node unless they tolerate it. */
export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
  timeAdded?: string;
}

export interface NodeSpec {
  /** Cordoned: no new pods are scheduled here. */
  unschedulable?: boolean;
  taints?: Taint[];
}

export interface NodeCondition {
  /** `Ready`, `MemoryPressure`, `DiskPressure`, `PIDPressure`, `NetworkUnavailable`. */
  type: string;
  status: ConditionStatus;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface NodeAddress {
  type: "InternalIP" | "ExternalIP" | "Hostname" | "InternalDNS" | "ExternalDNS";
  address: string;
}

export interface NodeSystemInfo {
  machineID?: string;
  systemUUID?: string;
  bootID?: string;
  kernelVersion?: string;
  osImage?: string;
  containerRuntimeVersion?: string;
  kubeletVersion?: string;
  kubeProxyVersion?: string;
  operatingSystem?: string;
  architecture?: string;
}

export interface NodeStatus {
  /** All the node has: `cpu`, `memory`, `pods`. */
  capacity?: ResourceList;
  /** What pods may use (capacity minus what is reserved for the system). */
  allocatable?: ResourceList;
  conditions?: NodeCondition[];
  addresses?: NodeAddress[];
  nodeInfo?: NodeSystemInfo;
}

export interface Node extends ApiObject<NodeSpec, NodeStatus> {
  apiVersion: "v1";
  kind: "Node";
}

export interface EventSource {
  component?: string;
  host?: string;
}

/** Something that happened to an object; repeats of the same event bump `count`. */
export interface Event extends ApiObject<never, never> {
  apiVersion: "v1";
  kind: "Event";
  involvedObject: ObjectReference;
  /** A short CamelCase word: `Scheduled`, `Pulling`, `BackOff`, `FailedScheduling`. */
  reason?: string;
  message?: string;
  type?: "Normal" | "Warning";
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  source?: EventSource;
}
