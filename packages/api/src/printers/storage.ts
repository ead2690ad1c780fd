// Cells of the storage kinds, by kubectl's printPersistentVolume, printPersistentVolumeClaim and
// printStorageClass.
import type { PersistentVolume, PersistentVolumeAccessMode, PersistentVolumeClaim, StorageClass } from "../types.js";
import { isDefaultClass } from "../well-known/storage.js";

const SHORT: Record<PersistentVolumeAccessMode, string> = {
  ReadWriteOnce: "RWO",
  ReadOnlyMany: "ROX",
  ReadWriteMany: "RWX",
  ReadWriteOncePod: "RWOP",
};

/** ACCESS MODES: `RWO,ROX` (kubectl's GetAccessModesAsString, in that fixed order). */
export function accessModesString(modes: readonly PersistentVolumeAccessMode[] | undefined): string {
  const set = new Set(modes ?? []);
  return (Object.keys(SHORT) as PersistentVolumeAccessMode[])
    .filter((m) => set.has(m))
    .map((m) => SHORT[m])
    .join(",");
}

/** CLAIM of a PV: `namespace/name`, or empty. */
export function volumeClaim(pv: PersistentVolume): string {
  const ref = pv.spec.claimRef;
  return ref?.name ? `${ref.namespace ?? ""}/${ref.name}` : "";
}

/** STATUS of a PV or a claim: its phase, `Terminating` once deletion started. */
export function storagePhase(obj: PersistentVolume | PersistentVolumeClaim): string {
  if (obj.metadata.deletionTimestamp) return "Terminating";
  return obj.status?.phase ?? "";
}

/** CAPACITY of a claim: what it got (status), only once bound, as kubectl prints it. */
export function claimCapacity(c: PersistentVolumeClaim): string {
  return c.spec.volumeName ? String(c.status?.capacity?.storage ?? "") : "";
}

/** ACCESS MODES of a claim: what its volume gives, once bound. */
export function claimAccessModes(c: PersistentVolumeClaim): string {
  return c.spec.volumeName ? accessModesString(c.status?.accessModes) : "";
}

/** NAME of a StorageClass: `local (default)` for the default class. */
export function storageClassName(sc: StorageClass): string {
  return isDefaultClass(sc) ? `${sc.metadata.name} (default)` : sc.metadata.name;
}
