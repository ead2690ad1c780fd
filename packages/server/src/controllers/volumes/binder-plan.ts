// The binder's decision for one claim, pure: `(claim, PVs, classes, its first pod's node) ->
// actions`. Kubernetes splits this between the PV controller, the scheduler's VolumeBinding
// plugin and an external provisioner; skiff keeps one readable function.
//
//   no storageClassName           -> the default class (Kubernetes' DefaultStorageClass)
//   its first pod placed          -> annotation volume.kubernetes.io/selected-node = that node
//   bound (spec.volumeName)       -> Bound while its PV is there; Lost once the PV is gone
//   a PV fits (matching.ts)       -> bind: the PV's claimRef first, then the claim
//   none, class `local`           -> on the selected node, provision PV pvc-<uid> (a Docker
//                                    volume there) and bind it; before any pod, wait
//   none                          -> stay Pending, with an event saying why
//
// Bound claims carry what the agent mounts (skiff.dev/volume-source), copied from their PV.
import {
  BIND_COMPLETED_ANNOTATION,
  BOUND_BY_CONTROLLER_ANNOTATION,
  LOCAL_VOLUME_DRIVER,
  PROVISIONED_BY_ANNOTATION,
  SELECTED_NODE_ANNOTATION,
  STORAGE_PROVISIONER_ANNOTATION,
  VOLUME_SOURCE_ANNOTATION,
  accessModesString,
  claimMountOf,
  formatClaimMount,
  isDefaultClass,
  localDockerVolumeName,
  nodeAffinityFor,
  provisionedVolumeName,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type StorageClass,
} from "@skiff/api";
import { bestVolume, reservedFor } from "./matching.js";

export interface ClaimView {
  claim: PersistentVolumeClaim;
  volumes: readonly PersistentVolume[];
  classes: readonly StorageClass[];
  /** The node of a placed pod that uses the claim, if any. */
  consumerNode?: string;
  now: Date;
}

export type BinderAction =
  | { type: "createVolume"; volume: PersistentVolume }
  | { type: "updateVolume"; volume: PersistentVolume }
  | { type: "updateClaim"; claim: PersistentVolumeClaim }
  | { type: "event"; eventType: "Normal" | "Warning"; reason: string; message: string };

export const WAIT_FOR_CONSUMER = "waiting for first consumer to be created before binding";

/** The PV with claimRef set to `c` and phase Bound. */
export function boundVolume(pv: PersistentVolume, c: PersistentVolumeClaim): PersistentVolume {
  const out = structuredClone(pv);
  out.spec.claimRef = { kind: "PersistentVolumeClaim", apiVersion: "v1", namespace: c.metadata.namespace ?? "default", name: c.metadata.name, ...(c.metadata.uid ? { uid: c.metadata.uid } : {}) };
  out.status = { ...out.status, phase: "Bound" };
  return out;
}

function bindClaim(c: PersistentVolumeClaim, pv: PersistentVolume, byController: boolean): void {
  c.spec.volumeName = pv.metadata.name;
  const annotations = (c.metadata.annotations ??= {});
  annotations[BIND_COMPLETED_ANNOTATION] = "yes";
  if (byController) annotations[BOUND_BY_CONTROLLER_ANNOTATION] = "yes";
  const mount = claimMountOf(pv);
  if (mount) annotations[VOLUME_SOURCE_ANNOTATION] = formatClaimMount(mount);
  c.status = { phase: "Bound", accessModes: [...(pv.spec.accessModes ?? [])], capacity: { ...(pv.spec.capacity ?? {}) } };
}

/** The PV the `local` class makes for `c` on `node`. */
export function provisionVolume(c: PersistentVolumeClaim, sc: StorageClass, node: string, now: Date): PersistentVolume {
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: {
      name: provisionedVolumeName(c),
      annotations: { [PROVISIONED_BY_ANNOTATION]: sc.provisioner },
      creationTimestamp: now.toISOString(),
    },
    spec: {
      capacity: { storage: String(c.spec.resources?.requests?.storage ?? "1Gi") },
      accessModes: [...(c.spec.accessModes ?? ["ReadWriteOnce"])],
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? "Delete",
      storageClassName: sc.metadata.name,
      volumeMode: "Filesystem",
      nodeAffinity: nodeAffinityFor(node),
      csi: { driver: LOCAL_VOLUME_DRIVER, volumeHandle: localDockerVolumeName(c) },
      claimRef: { kind: "PersistentVolumeClaim", apiVersion: "v1", namespace: c.metadata.namespace ?? "default", name: c.metadata.name, ...(c.metadata.uid ? { uid: c.metadata.uid } : {}) },
    },
    status: { phase: "Bound" },
  };
}

export function planClaim(view: ClaimView): BinderAction[] {
  const before = view.claim;
  if (before.metadata.deletionTimestamp) return [];
  const c = structuredClone(before);
  const actions: BinderAction[] = [];
  const event = (eventType: "Normal" | "Warning", reason: string, message: string) => actions.push({ type: "event", eventType, reason, message });

  if (c.spec.storageClassName === undefined) {
    const def = view.classes.find(isDefaultClass);
    if (def) c.spec.storageClassName = def.metadata.name;
  }
  const annotate = (key: string, value: string) => ((c.metadata.annotations ??= {})[key] = value);
  if (view.consumerNode && !c.metadata.annotations?.[SELECTED_NODE_ANNOTATION]) annotate(SELECTED_NODE_ANNOTATION, view.consumerNode);
  const selectedNode = c.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
  const className = c.spec.storageClassName ?? "";
  const sc = view.classes.find((s) => s.metadata.name === className);

  if (c.spec.volumeName) {
    const pv = view.volumes.find((v) => v.metadata.name === c.spec.volumeName);
    if (!pv) {
      if (c.status?.phase === "Bound") {
        c.status = { ...c.status, phase: "Lost" };
        event("Warning", "ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
      } else c.status = { ...c.status, phase: c.status?.phase === "Lost" ? "Lost" : "Pending" };
    } else if (reservedFor(pv, c) || !pv.spec.claimRef?.name) {
      if (!reservedFor(pv, c) || pv.status?.phase !== "Bound") actions.push({ type: "updateVolume", volume: boundVolume(pv, c) });
      bindClaim(c, pv, c.metadata.annotations?.[BOUND_BY_CONTROLLER_ANNOTATION] === "yes");
    } else {
      c.status = { ...c.status, phase: "Pending" };
      event("Warning", "FailedBinding", `volume "${pv.metadata.name}" already bound to a different claim.`);
    }
  } else {
    const pv = bestVolume(view.volumes, c, selectedNode);
    if (pv) {
      actions.push({ type: "updateVolume", volume: boundVolume(pv, c) });
      bindClaim(c, pv, true);
    } else if (sc?.provisioner === LOCAL_VOLUME_DRIVER) {
      annotate(STORAGE_PROVISIONER_ANNOTATION, sc.provisioner);
      c.status = { ...c.status, phase: "Pending" }; // Bound below once provisioned
      if (!selectedNode) event("Normal", "WaitForFirstConsumer", WAIT_FOR_CONSUMER);
      else {
        const made = provisionVolume(c, sc, selectedNode, view.now);
        actions.push({ type: "createVolume", volume: made });
        event("Normal", "ProvisioningSucceeded", `Successfully provisioned volume ${made.metadata.name} on node ${selectedNode}`);
        bindClaim(c, made, true);
      }
    } else {
      c.status = { ...c.status, phase: "Pending" };
      const wanted = `${String(c.spec.resources?.requests?.storage ?? "")} ${accessModesString(c.spec.accessModes)}`;
      if (className !== "" && !sc) {
        event("Normal", "FailedBinding", `no persistent volumes available for this claim (storage class "${className}", ${wanted}), and storageclass.storage.k8s.io "${className}" not found to make one`);
      } else if (className === "") {
        event("Normal", "FailedBinding", `no persistent volumes available for this claim and no storage class is set (${wanted})`);
      } else {
        event("Normal", "ExternalProvisioning", `waiting for a volume to be created by external provisioner "${sc?.provisioner ?? ""}" (skiff runs only ${LOCAL_VOLUME_DRIVER})`);
      }
    }
  }
  if (JSON.stringify(c) !== JSON.stringify(before)) actions.push({ type: "updateClaim", claim: c });
  return actions;
}
