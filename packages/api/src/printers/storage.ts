// Cells of the storage kinds, by kubectl's printPersistentVolume, printPersistentVolumeClaim and
// printStorageClass.
import type { PersistentVolume, PersistentVolumeAccessMode, PersistentVolumeClaim, StorageClass } from "../types.js";
import { isDefaultClass } from "../well-known/storage.js";
import { age } from "./age.js";

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

const UNSET = "<unset>";

/** kubectl's row of a PV: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE. */
export function persistentVolumeCells(pv: PersistentVolume, now: number): string[] {
  const { spec } = pv;
  return [pv.metadata.name, String(spec?.capacity?.storage ?? ""), accessModesString(spec?.accessModes), spec?.persistentVolumeReclaimPolicy ?? "", storagePhase(pv), volumeClaim(pv), spec?.storageClassName ?? "", UNSET, pv.status?.reason ?? "", age(pv.metadata.creationTimestamp, now)];
}

/** kubectl's row of a claim: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE. */
export function claimCells(c: PersistentVolumeClaim, now: number): string[] {
  return [c.metadata.name, storagePhase(c), c.spec?.volumeName ?? "", claimCapacity(c), claimAccessModes(c), c.spec?.storageClassName ?? "", UNSET, age(c.metadata.creationTimestamp, now)];
}

/** kubectl's row of a StorageClass: NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE. */
export function storageClassCells(sc: StorageClass, now: number): string[] {
  return [storageClassName(sc), sc.provisioner, sc.reclaimPolicy ?? "Delete", sc.volumeBindingMode ?? "Immediate", String(sc.allowVolumeExpansion ?? false), age(sc.metadata.creationTimestamp, now)];
}

/** VOLUMEMODE, the wide column of PVs and claims. */
export function volumeModeCell(o: PersistentVolume | PersistentVolumeClaim): string {
  return o.spec?.volumeMode ?? UNSET;
}
