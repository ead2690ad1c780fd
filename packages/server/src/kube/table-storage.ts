// kubectl 1.32's tables for PersistentVolumes, PersistentVolumeClaims and StorageClasses
// (printers.go printPersistentVolume, printPersistentVolumeClaim, printStorageClass); the cell
// rules are @skiff/api's. skiff has no VolumeAttributesClass: that column says `<unset>`, as
// kubectl does for a volume without one.
import { claimCells, persistentVolumeCells, storageClassCells, volumeModeCell, type ApiObject, type PersistentVolume, type PersistentVolumeClaim, type StorageClass } from "@skiff/api";
import { AGE, NAME, column, type Printer } from "./table-columns.js";

const volumeMode = column("VolumeMode", "string", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.", { wide: true });
const volumeAttributesClass = column("VolumeAttributesClass", "string", "Name of VolumeAttributesClass to which this persistent volume belongs.");

const persistentVolume: Printer = {
  columns: [
    NAME,
    column("Capacity", "string", "capacity is the description of the persistent volume's resources and capacity."),
    column("Access Modes", "string", "accessModes contains all ways the volume can be mounted."),
    column("Reclaim Policy", "string", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim."),
    column("Status", "string", "phase indicates if a volume is available, bound to a claim, or released by a claim."),
    column("Claim", "string", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim."),
    column("StorageClass", "string", "storageClassName is the name of StorageClass to which this persistent volume belongs."),
    volumeAttributesClass,
    column("Reason", "string", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
    AGE,
    volumeMode,
  ],
  cells: (o: ApiObject, now: number) => [...persistentVolumeCells(o as PersistentVolume, now), volumeModeCell(o as PersistentVolume)],
};

const persistentVolumeClaim: Printer = {
  columns: [
    NAME,
    column("Status", "string", "phase represents the current phase of PersistentVolumeClaim."),
    column("Volume", "string", "volumeName is the binding reference to the PersistentVolume backing this claim."),
    column("Capacity", "string", "capacity represents the actual resources of the underlying volume."),
    column("Access Modes", "string", "accessModes contains the desired access modes the volume should have."),
    column("StorageClass", "string", "storageClassName is the name of the StorageClass required by the claim."),
    volumeAttributesClass,
    AGE,
    volumeMode,
  ],
  cells: (o: ApiObject, now: number) => [...claimCells(o as PersistentVolumeClaim, now), volumeModeCell(o as PersistentVolumeClaim)],
};

const storageClass: Printer = {
  columns: [
    NAME,
    column("Provisioner", "string", "provisioner indicates the type of the provisioner."),
    column("ReclaimPolicy", "string", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class."),
    column("VolumeBindingMode", "string", "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound."),
    column("AllowVolumeExpansion", "string", "allowVolumeExpansion shows whether the storage class allow volume expand."),
    AGE,
  ],
  cells: (o: ApiObject, now: number) => storageClassCells(o as StorageClass, now),
};

export const storagePrinters: Record<string, Printer> = { PersistentVolume: persistentVolume, PersistentVolumeClaim: persistentVolumeClaim, StorageClass: storageClass };
