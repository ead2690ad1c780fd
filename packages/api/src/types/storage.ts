// Storage (v1 and storage.k8s.io/v1): PersistentVolume (a piece of storage, cluster-scoped),
// PersistentVolumeClaim (a pod's request for one, namespaced) and StorageClass (how to make one
// when none waits). Shaped as Kubernetes' JSON; docs/storage.md says what skiff does with them.
import type { ApiObject } from "../meta.js";
import type { LabelSelector, ObjectReference, ResourceList } from "./common.js";
import type { HostPathVolumeSource, TemplateMeta } from "./pod.js";

export type PersistentVolumeAccessMode = "ReadWriteOnce" | "ReadOnlyMany" | "ReadWriteMany" | "ReadWriteOncePod";
export type PersistentVolumeReclaimPolicy = "Retain" | "Delete";

export interface PersistentVolumeClaimSpec {
  accessModes?: PersistentVolumeAccessMode[];
  resources?: { requests?: ResourceList; limits?: ResourceList };
  /** "" asks for a PV of no class; absent takes the default StorageClass (defaults.ts). */
  storageClassName?: string;
  /** Only PVs whose labels match. */
  selector?: LabelSelector;
  /** The PV bound to the claim: set by the binder, or by the user to ask for one PV. */
  volumeName?: string;
  volumeMode?: "Filesystem";
}

export interface PersistentVolumeClaimStatus {
  phase?: "Pending" | "Bound" | "Lost";
  accessModes?: PersistentVolumeAccessMode[];
  capacity?: ResourceList;
}

export interface PersistentVolumeClaim extends ApiObject<PersistentVolumeClaimSpec, PersistentVolumeClaimStatus> {
  apiVersion: "v1";
  kind: "PersistentVolumeClaim";
  spec: PersistentVolumeClaimSpec;
}

/** A StatefulSet's volumeClaimTemplates entry: a claim without a namespace, named per pod. */
export interface PersistentVolumeClaimTemplate {
  apiVersion?: string;
  kind?: string;
  metadata: TemplateMeta & { name: string };
  spec: PersistentVolumeClaimSpec;
  status?: unknown;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

/** Only matchExpressions on node labels (a node matches when any term matches all of its expressions). */
export interface VolumeNodeAffinity {
  required?: { nodeSelectorTerms: { matchExpressions?: NodeSelectorRequirement[] }[] };
}

/**
 * A CSI source. skiff knows one driver, `skiff.dev/local`: `volumeHandle` names a Docker volume
 * on the node of the PV's nodeAffinity (what the `local` StorageClass provisions).
 */
export interface CSIPersistentVolumeSource {
  driver: string;
  volumeHandle: string;
  readOnly?: boolean;
  fsType?: string;
  volumeAttributes?: Record<string, string>;
}

export interface PersistentVolumeSpec {
  capacity?: ResourceList;
  accessModes?: PersistentVolumeAccessMode[];
  persistentVolumeReclaimPolicy?: PersistentVolumeReclaimPolicy;
  storageClassName?: string;
  /** The claim this PV is bound to (or reserved for, when only this is set). */
  claimRef?: ObjectReference;
  nodeAffinity?: VolumeNodeAffinity;
  volumeMode?: "Filesystem";
  mountOptions?: string[];
  hostPath?: HostPathVolumeSource;
  /** Kubernetes' local volume: a path on the node of nodeAffinity (mounted like a hostPath Directory). */
  local?: { path: string; fsType?: string };
  csi?: CSIPersistentVolumeSource;
}

export interface PersistentVolumeStatus {
  phase?: "Pending" | "Available" | "Bound" | "Released" | "Failed";
  message?: string;
  reason?: string;
  lastPhaseTransitionTime?: string;
}

export interface PersistentVolume extends ApiObject<PersistentVolumeSpec, PersistentVolumeStatus> {
  apiVersion: "v1";
  kind: "PersistentVolume";
  spec: PersistentVolumeSpec;
}

/** storage.k8s.io/v1 StorageClass: its fields are top-level, as in Kubernetes (no spec). */
export interface StorageClass extends ApiObject<never, never> {
  apiVersion: "storage.k8s.io/v1";
  kind: "StorageClass";
  provisioner: string;
  parameters?: Record<string, string>;
  reclaimPolicy?: PersistentVolumeReclaimPolicy;
  volumeBindingMode?: "Immediate" | "WaitForFirstConsumer";
  allowVolumeExpansion?: boolean;
  mountOptions?: string[];
}
