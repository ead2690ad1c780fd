// Service (a stable address for a set of pods) and Endpoints (which pods are behind it now).
import type { ApiObject } from "../meta.js";
import type { IntOrString, ObjectReference } from "./common.js";
import type { Protocol } from "./container.js";

export type ServiceType = "ClusterIP" | "NodePort";

export interface ServicePort {
  /** Required when a Service has more than one port. */
  name?: string;
  protocol?: Protocol;
  port: number;
  /** A container port number or a named container port; defaults to `port`. */
  targetPort?: IntOrString;
  /** For type NodePort: 30000-32767, chosen by the server when absent. */
  nodePort?: number;
}

export interface ServiceSpec {
  type?: ServiceType;
  /** Allocated by the server; `"None"` makes a headless Service (DNS only, no proxy). */
  clusterIP?: string;
  ports: ServicePort[];
  /** Pods with all of these labels are the Service's endpoints; absent means none are managed. */
  selector?: Record<string, string>;
}

export interface ServiceStatus {
  loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] };
}

export interface Service extends ApiObject<ServiceSpec, ServiceStatus> {
  apiVersion: "v1";
  kind: "Service";
  spec: ServiceSpec;
}

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  /** The pod behind the address. */
  targetRef?: ObjectReference;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol?: Protocol;
}

/** Addresses that share the same ports. */
export interface EndpointSubset {
  addresses?: EndpointAddress[];
  /** Pods that match but are not ready: they get no traffic. */
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** Named like its Service; kept by the endpoints controller. Payload at the top level, as Kubernetes. */
export interface Endpoints extends ApiObject<never, never> {
  apiVersion: "v1";
  kind: "Endpoints";
  subsets?: EndpointSubset[];
}
