// The reclaimer's decision for one PersistentVolume, pure: its phase from its claimRef, and what
// becomes of it when its claim goes (Kubernetes' syncVolume):
//
//   no claimRef, or one without a uid (reserved for a claim to come)   -> Available
//   claimRef to the claim that has it                                  -> Bound
//   claimRef to a claim that is gone (or another with the same name)   -> released:
//       Retain  -> Released (kept, with its data, until a person deletes or re-uses it)
//       Delete  -> the PV is deleted; for a `local` PV its node's agent then removes the Docker
//                  volume (assignments); skiff deletes no host directory: a hostPath or local
//                  PV with Delete is Failed, as in Kubernetes without a deleter for it
import { LOCAL_VOLUME_DRIVER, type PersistentVolume, type PersistentVolumeClaim } from "@skiff/api";

export type ReclaimAction =
  | { type: "none" }
  | { type: "updateVolume"; volume: PersistentVolume; event?: { eventType: "Normal" | "Warning"; reason: string; message: string } }
  | { type: "deleteVolume"; volume: PersistentVolume };

type Phase = NonNullable<NonNullable<PersistentVolume["status"]>["phase"]>;

function withPhase(pv: PersistentVolume, phase: Phase, now: Date, message?: string): PersistentVolume {
  const out = structuredClone(pv);
  out.status = { phase, lastPhaseTransitionTime: now.toISOString(), ...(message ? { message } : {}) };
  return out;
}

/** `claim` is the one claimRef names (by namespace/name), if it exists. */
export function planVolume(pv: PersistentVolume, claim: PersistentVolumeClaim | undefined, now: Date): ReclaimAction {
  if (pv.metadata.deletionTimestamp) return { type: "none" };
  const ref = pv.spec.claimRef;
  const phase = pv.status?.phase;
  const to = (next: Phase, message?: string, event?: Extract<ReclaimAction, { type: "updateVolume" }>["event"]): ReclaimAction =>
    phase === next ? { type: "none" } : { type: "updateVolume", volume: withPhase(pv, next, now, message), ...(event ? { event } : {}) };
  if (!ref?.name || !ref.uid) return to("Available");
  const claimGone = !claim || claim.metadata.uid !== ref.uid;
  if (!claimGone) return claim.spec.volumeName === pv.metadata.name ? to("Bound") : { type: "none" };
  if (phase === "Failed") return { type: "none" };
  if ((pv.spec.persistentVolumeReclaimPolicy ?? "Retain") === "Retain") {
    return to("Released", undefined, { eventType: "Normal", reason: "VolumeReleased", message: `claim ${ref.namespace ?? "default"}/${ref.name} was deleted; the volume is retained with its data` });
  }
  if (pv.spec.csi?.driver === LOCAL_VOLUME_DRIVER) return { type: "deleteVolume", volume: pv };
  const message = "skiff deletes only the Docker volumes of the local class; this volume's host path is kept: delete the PV yourself";
  return to("Failed", message, { eventType: "Warning", reason: "VolumeFailedDelete", message });
}
