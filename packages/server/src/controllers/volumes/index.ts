// The volume controller: PersistentVolumeClaims bound to PersistentVolumes, the `local` class's
// volumes provisioned, released volumes retained or deleted (README.md).
export { volumeController, reconcileClaim, reconcileVolume } from "./volume-controller.js";
export { planClaim, provisionVolume, boundVolume, WAIT_FOR_CONSUMER, type BinderAction, type ClaimView } from "./binder-plan.js";
export { planVolume, type ReclaimAction } from "./reclaim-plan.js";
export { bestVolume, mismatch, reservedFor } from "./matching.js";
export { ensureDefaultStorageClass, defaultStorageClass } from "./default-class.js";
