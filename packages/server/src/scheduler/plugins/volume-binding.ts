// VolumeBinding: a pod that uses PersistentVolumeClaims goes where their volumes are, as
// Kubernetes' VolumeBinding plugin does. A claim's node is its PV's nodeAffinity (a local or
// provisioned volume), else the node its first pod was placed on (`volume.kubernetes.io/
// selected-node`: skiff treats a hostPath PV as data on that node's disk, so a pod that comes back
// finds it). A claim not bound yet holds the pod back, unless its class waits for the first
// consumer (then this pod's node is where the volume is made).
import { SELECTED_NODE_ANNOTATION, volumeNode, type PersistentVolume, type PersistentVolumeClaim, type Pod, type StorageClass } from "@skiff/api";
import { fit, unfit, type FilterPlugin, type FilterResult } from "../types.js";

/** Read-only lookups in the scheduler's caches. */
export interface VolumeLookup {
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
  storageClass(name: string): StorageClass | undefined;
}

export const UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";

/** The node a claim's data lives on, if it is pinned to one. */
export function claimNode(claim: PersistentVolumeClaim, lookup: VolumeLookup): string | undefined {
  const pv = claim.spec.volumeName ? lookup.volume(claim.spec.volumeName) : undefined;
  return (pv && volumeNode(pv)) ?? claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
}

export function volumeBinding(lookup: VolumeLookup): FilterPlugin {
  return {
    name: "VolumeBinding",
    filter(pod: Pod, node): FilterResult {
      const namespace = pod.metadata.namespace ?? "default";
      for (const v of pod.spec.volumes ?? []) {
        const name = v.persistentVolumeClaim?.claimName;
        if (!name) continue;
        const claim = lookup.claim(namespace, name);
        if (!claim) return unfit(`persistentvolumeclaim "${name}" not found`);
        if (claim.metadata.deletionTimestamp) return unfit(`persistentvolumeclaim "${name}" is being deleted`);
        if (!claim.spec.volumeName) {
          const sc = lookup.storageClass(claim.spec.storageClassName ?? "");
          if (sc?.volumeBindingMode !== "WaitForFirstConsumer") return unfit(`${UNBOUND_IMMEDIATE} ("${name}")`);
        } else if (!lookup.volume(claim.spec.volumeName)) {
          return unfit(`persistentvolume "${claim.spec.volumeName}" of claim "${name}" not found`);
        }
        const where = claimNode(claim, lookup);
        if (where && where !== node.name) return unfit(`node(s) didn't match the node of PersistentVolumeClaim "${name}" (${where})`);
      }
      return fit;
    },
  };
}
