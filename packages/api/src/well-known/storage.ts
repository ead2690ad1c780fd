// Storage keys: Kubernetes' own for what kubectl shows, and skiff's one for what an agent mounts.
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from "../types.js";

/** The provisioner of the `local` StorageClass, and the CSI driver of the PVs it makes. */
export const LOCAL_VOLUME_DRIVER = "skiff.dev/local";
/** The StorageClass the server makes at start, the default one. */
export const LOCAL_STORAGE_CLASS = "local";
export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
/** On a claim: the node of its first pod (the scheduler's choice), where its volume lives. */
export const SELECTED_NODE_ANNOTATION = "volume.kubernetes.io/selected-node";
export const BIND_COMPLETED_ANNOTATION = "pv.kubernetes.io/bind-completed";
export const BOUND_BY_CONTROLLER_ANNOTATION = "pv.kubernetes.io/bound-by-controller";
export const PROVISIONED_BY_ANNOTATION = "pv.kubernetes.io/provisioned-by";
export const STORAGE_PROVISIONER_ANNOTATION = "volume.kubernetes.io/storage-provisioner";

export function isDefaultClass(sc: StorageClass): boolean {
  return sc.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === "true";
}

/**
 * The one node a PV's nodeAffinity allows, when it names one by `kubernetes.io/hostname In [node]`
 * (as the `local` class writes it, and as Kubernetes' local PVs are usually written).
 */
export function volumeNode(pv: PersistentVolume): string | undefined {
  const terms = pv.spec.nodeAffinity?.required?.nodeSelectorTerms ?? [];
  if (terms.length !== 1) return undefined;
  const e = terms[0]?.matchExpressions?.find((x) => x.key === "kubernetes.io/hostname" && x.operator === "In");
  return e?.values?.length === 1 ? e.values[0] : undefined;
}

/** nodeAffinity for one node, by hostname. */
export function nodeAffinityFor(node: string): NonNullable<PersistentVolume["spec"]["nodeAffinity"]> {
  return { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [node] }] }] } };
}

/** The name Kubernetes gives a provisioned PV: `pvc-<claim uid>`. */
export function provisionedVolumeName(claim: PersistentVolumeClaim): string {
  return `pvc-${claim.metadata.uid ?? ""}`;
}

/**
 * The Docker volume behind a provisioned PV: `skiff-pvc-<claim uid>`. The uid is the cluster's
 * own, so two clusters on one engine never meet in a volume (a name like `data-db-0` would).
 */
export function localDockerVolumeName(claim: PersistentVolumeClaim): string {
  return `skiff-${provisionedVolumeName(claim)}`;
}

/**
 * What an agent mounts for a bound claim, written on the claim by the binder as
 * `skiff.dev/volume-source` (JSON). Agents see claims (sent with the pods that use them) but not
 * PVs, and a bound PV's source never changes, so the claim can carry it.
 */
export const VOLUME_SOURCE_ANNOTATION = "skiff.dev/volume-source";

export type ClaimMount =
  | { hostPath: { path: string; type?: string } }
  | { dockerVolume: string };

/** The mount a PV gives, or undefined for a source skiff cannot mount. */
export function claimMountOf(pv: PersistentVolume): ClaimMount | undefined {
  const s = pv.spec;
  if (s.hostPath) return { hostPath: { path: s.hostPath.path, ...(s.hostPath.type ? { type: s.hostPath.type } : {}) } };
  if (s.local) return { hostPath: { path: s.local.path, type: "Directory" } };
  if (s.csi?.driver === LOCAL_VOLUME_DRIVER) return { dockerVolume: s.csi.volumeHandle };
  return undefined;
}

export function formatClaimMount(m: ClaimMount): string {
  return JSON.stringify(m);
}

/** The mount the binder wrote on a claim; undefined when absent or not readable. */
export function parseClaimMount(claim: PersistentVolumeClaim): ClaimMount | undefined {
  const raw = claim.metadata.annotations?.[VOLUME_SOURCE_ANNOTATION];
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    const hp = v.hostPath as { path?: unknown; type?: unknown } | undefined;
    if (hp && typeof hp.path === "string") return { hostPath: { path: hp.path, ...(typeof hp.type === "string" ? { type: hp.type } : {}) } };
    if (typeof v.dockerVolume === "string") return { dockerVolume: v.dockerVolume };
  } catch {
    // not ours to fix: the binder writes it again
  }
  return undefined;
}
