// Leases (coordination.k8s.io/v1): who holds something, until when. skiff writes two kinds, as
// Kubernetes does: the leader's (kube-system/skiff-controller-manager, renewed by the server that
// runs the control loops) and, with several servers, one per node in kube-node-lease (the node's
// heartbeat as seen by the server holding its session). Shaped as Kubernetes' JSON.
import type { ApiObject } from "../meta.js";

export interface LeaseSpec {
  /** Who holds the lease: for the leader's, the server's identity; for a node's, the node name. */
  holderIdentity?: string;
  /** How long the holder counts as alive after renewTime. */
  leaseDurationSeconds?: number;
  /** When the current holder took it (RFC 3339 with microseconds, Kubernetes' MicroTime). */
  acquireTime?: string;
  /** When the holder last renewed it. */
  renewTime?: string;
  /** How many times the holder changed. */
  leaseTransitions?: number;
}

export interface Lease extends ApiObject<LeaseSpec, never> {
  apiVersion: "coordination.k8s.io/v1";
  kind: "Lease";
  spec: LeaseSpec;
}
