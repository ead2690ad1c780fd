// Pod: its spec (containers, volumes, placement) and the status an agent reports.
import type { ApiObject, ObjectMeta } from "../meta.js";
import type { ConditionStatus, Quantity } from "./common.js";
import type { Container, Protocol } from "./container.js";

export type RestartPolicy = "Always" | "OnFailure" | "Never";
export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

export interface EmptyDirVolumeSource {
  medium?: "" | "Memory";
  sizeLimit?: Quantity;
}

export type HostPathType =
  | ""
  | "DirectoryOrCreate"
  | "Directory"
  | "FileOrCreate"
  | "File"
  | "Socket"
  | "CharDevice"
  | "BlockDevice";

export interface HostPathVolumeSource {
  path: string;
  type?: HostPathType;
}

/** Project one key of a ConfigMap or Secret to a relative file path. */
export interface KeyToPath {
  key: string;
  path: string;
  mode?: number;
}

export interface ConfigMapVolumeSource {
  name: string;
  items?: KeyToPath[];
  /** File mode bits, 0644 (420) by default. */
  defaultMode?: number;
  optional?: boolean;
}

export interface SecretVolumeSource {
  secretName: string;
  items?: KeyToPath[];
  defaultMode?: number;
  optional?: boolean;
}

export interface PersistentVolumeClaimVolumeSource {
  claimName: string;
  readOnly?: boolean;
}

/** Exactly one source; a volume with none is an emptyDir, as in Kubernetes. */
export interface Volume {
  name: string;
  emptyDir?: EmptyDirVolumeSource;
  hostPath?: HostPathVolumeSource;
  configMap?: ConfigMapVolumeSource;
  secret?: SecretVolumeSource;
  persistentVolumeClaim?: PersistentVolumeClaimVolumeSource;
}

export interface Toleration {
  /** Empty with operator Exists tolerates every taint. */
  key?: string;
  operator?: "Exists" | "Equal";
  value?: string;
  /** Empty matches every effect. */
  effect?: TaintEffect;
  /** For NoExecute: how long the pod stays bound after the taint appears. */
  tolerationSeconds?: number;
}

export interface PodSpec {
  containers: Container[];
  volumes?: Volume[];
  restartPolicy?: RestartPolicy;
  terminationGracePeriodSeconds?: number;
  /** Set by the scheduler when it binds the pod (or by a user to bypass it). */
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  hostname?: string;
  /** With hostname, gives a StatefulSet pod its DNS name `<hostname>.<subdomain>`. */
  subdomain?: string;
  /** The pod's identity (ServiceAccount); admission sets `default` when none is named. */
  serviceAccountName?: string;
  /** false: no token is mounted (the ServiceAccount's own setting applies when unset). */
  automountServiceAccountToken?: boolean;
}

/** The part of ObjectMeta a pod template carries (name and namespace come from the owner). */
export type TemplateMeta = Partial<ObjectMeta>;

export interface PodTemplateSpec {
  metadata?: TemplateMeta;
  spec: PodSpec;
}

export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";

export interface PodCondition {
  /** `PodScheduled`, `Initialized`, `ContainersReady`, `Ready`. */
  type: string;
  status: ConditionStatus;
  lastProbeTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ContainerStateWaiting {
  /** `ContainerCreating`, `ErrImagePull`, `ImagePullBackOff`, `CrashLoopBackOff`… */
  reason?: string;
  message?: string;
}

export interface ContainerStateRunning {
  startedAt?: string;
}

export interface ContainerStateTerminated {
  exitCode: number;
  signal?: number;
  /** `Completed`, `Error`, `OOMKilled`… */
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  containerID?: string;
}

/** At most one of the three is set. */
export interface ContainerState {
  waiting?: ContainerStateWaiting;
  running?: ContainerStateRunning;
  terminated?: ContainerStateTerminated;
}

export interface ContainerStatus {
  name: string;
  state?: ContainerState;
  lastState?: ContainerState;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
}

/** A container port as its node publishes it: where the Service proxy reaches it (a skiff field; docs/networking.md). */
export interface PodHostPort {
  containerPort: number;
  protocol: Protocol;
  hostIP: string;
  hostPort: number;
}

export interface PodStatus {
  phase?: PodPhase;
  conditions?: PodCondition[];
  message?: string;
  reason?: string;
  hostIP?: string;
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  containerStatuses?: ContainerStatus[];
  /** skiff: every container port the pod's infra container publishes on the node. */
  hostPorts?: PodHostPort[];
}

export interface Pod extends ApiObject<PodSpec, PodStatus> {
  apiVersion: "v1";
  kind: "Pod";
  spec: PodSpec;
}
