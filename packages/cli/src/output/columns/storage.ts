// PersistentVolumes, PersistentVolumeClaims and StorageClasses, as kubectl 1.32 prints them:
//   pv:  NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE
//   pvc: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE
//   sc:  NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE
// and VOLUMEMODE with -o wide. The cells are @skiff/api's.
import {
  accessModesString,
  age,
  claimAccessModes,
  claimCapacity,
  storageClassName,
  storagePhase,
  volumeClaim,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type StorageClass,
} from "@skiff/api";
import type { Columns } from "./types.js";

const UNSET = "<unset>";

const persistentVolumes: Columns = {
  headers: ["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"],
  row: (o, now) => {
    const pv = o as PersistentVolume;
    return [
      pv.metadata.name,
      String(pv.spec?.capacity?.storage ?? ""),
      accessModesString(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? "",
      storagePhase(pv),
      volumeClaim(pv),
      pv.spec?.storageClassName ?? "",
      UNSET,
      pv.status?.reason ?? "",
      age(pv.metadata.creationTimestamp, now),
    ];
  },
  wideHeaders: ["VOLUMEMODE"],
  wideRow: (o) => [(o as PersistentVolume).spec?.volumeMode ?? UNSET],
};

const persistentVolumeClaims: Columns = {
  headers: ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"],
  row: (o, now) => {
    const c = o as PersistentVolumeClaim;
    return [c.metadata.name, storagePhase(c), c.spec?.volumeName ?? "", claimCapacity(c), claimAccessModes(c), c.spec?.storageClassName ?? "", UNSET, age(c.metadata.creationTimestamp, now)];
  },
  wideHeaders: ["VOLUMEMODE"],
  wideRow: (o) => [(o as PersistentVolumeClaim).spec?.volumeMode ?? UNSET],
};

const storageClasses: Columns = {
  headers: ["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"],
  row: (o, now) => {
    const sc = o as StorageClass;
    return [storageClassName(sc), sc.provisioner, sc.reclaimPolicy ?? "Delete", sc.volumeBindingMode ?? "Immediate", String(sc.allowVolumeExpansion ?? false), age(sc.metadata.creationTimestamp, now)];
  },
};

export const storageColumns: Record<string, Columns> = { PersistentVolume: persistentVolumes, PersistentVolumeClaim: persistentVolumeClaims, StorageClass: storageClasses };
