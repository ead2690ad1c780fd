// A container inside a pod: image, command, ports, environment, resources, probes, mounts.
import type { IntOrString, Quantity, ResourceList } from "./common.js";

export type Protocol = "TCP" | "UDP";
export type PullPolicy = "Always" | "IfNotPresent" | "Never";

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: Protocol;
  /** Also publish the port on the node (the scheduler keeps two pods from claiming one). */
  hostPort?: number;
  hostIP?: string;
}

export interface ConfigMapKeySelector {
  name: string;
  key: string;
  optional?: boolean;
}

export interface SecretKeySelector {
  name: string;
  key: string;
  optional?: boolean;
}

/** The Downward API: `metadata.name`, `metadata.namespace`, `status.podIP`, `spec.nodeName`… */
export interface ObjectFieldSelector {
  apiVersion?: string;
  fieldPath: string;
}

export interface ResourceFieldSelector {
  containerName?: string;
  /** `limits.cpu`, `requests.memory`… */
  resource: string;
  divisor?: Quantity;
}

export interface EnvVarSource {
  configMapKeyRef?: ConfigMapKeySelector;
  secretKeyRef?: SecretKeySelector;
  fieldRef?: ObjectFieldSelector;
  resourceFieldRef?: ResourceFieldSelector;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: EnvVarSource;
}

export interface ConfigMapEnvSource {
  name: string;
  optional?: boolean;
}

export interface SecretEnvSource {
  name: string;
  optional?: boolean;
}

/** Every key of a ConfigMap or Secret as an environment variable, with an optional prefix. */
export interface EnvFromSource {
  prefix?: string;
  configMapRef?: ConfigMapEnvSource;
  secretRef?: SecretEnvSource;
}

export interface ResourceRequirements {
  limits?: ResourceList;
  requests?: ResourceList;
}

export interface HTTPHeader {
  name: string;
  value: string;
}

export interface HTTPGetAction {
  path?: string;
  port: IntOrString;
  host?: string;
  scheme?: "HTTP" | "HTTPS";
  httpHeaders?: HTTPHeader[];
}

export interface TCPSocketAction {
  port: IntOrString;
  host?: string;
}

export interface ExecAction {
  command?: string[];
}

/** Exactly one of exec, httpGet, tcpSocket. */
export interface Probe {
  exec?: ExecAction;
  httpGet?: HTTPGetAction;
  tcpSocket?: TCPSocketAction;
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

/** A lifecycle hook's action: exactly one of exec, httpGet. */
export interface LifecycleHandler {
  exec?: ExecAction;
  httpGet?: HTTPGetAction;
}

/** preStop runs before the container is sent SIGTERM, within the pod's grace period. */
export interface Lifecycle {
  preStop?: LifecycleHandler;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly?: boolean;
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  ports?: ContainerPort[];
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  resources?: ResourceRequirements;
  volumeMounts?: VolumeMount[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: Lifecycle;
  imagePullPolicy?: PullPolicy;
}
