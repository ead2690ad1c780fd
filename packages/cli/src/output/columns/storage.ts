// PersistentVolumes, PersistentVolumeClaims and StorageClasses, as kubectl 1.32 prints them:
//   pv:  NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE
//   pvc: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE
//   sc:  NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE
// and VOLUMEMODE with -o wide. The cells are @skiff/api's.
import { claimCells, persistentVolumeCells, storageClassCells, volumeModeCell, type PersistentVolume, type PersistentVolumeClaim, type StorageClass } from "@skiff/api";
import type { Columns } from "./types.js";

const persistentVolumes: Columns = {
  headers: ["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"],
  row: (o, now) => persistentVolumeCells(o as PersistentVolume, now),
  wideHeaders: ["VOLUMEMODE"],
  wideRow: (o) => [volumeModeCell(o as PersistentVolume)],
};

const persistentVolumeClaims: Columns = {
  headers: ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"],
  row: (o, now) => claimCells(o as PersistentVolumeClaim, now),
  wideHeaders: ["VOLUMEMODE"],
  wideRow: (o) => [volumeModeCell(o as PersistentVolumeClaim)],
};

const storageClasses: Columns = {
  headers: ["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"],
  row: (o, now) => storageClassCells(o as StorageClass, now),
};

export const storageColumns: Record<string, Columns> = { PersistentVolume: persistentVolumes, PersistentVolumeClaim: persistentVolumeClaims, StorageClass: storageClasses };
