// A StatefulSet's volumeClaimTemplates as real PersistentVolumeClaims, pure: replica <ordinal>
// gets claim `<template>-<set>-<ordinal>` (`data-db-0`), made before its pod and never changed
// after (a template edit applies to claims made later, as in Kubernetes). Labels: the template's
// and the set's selector labels, as Kubernetes sets them.
//
// persistentVolumeClaimRetentionPolicy (both Retain by default, as Kubernetes 1.32):
//   whenDeleted: Delete -> the claim is owned by the set: the garbage collector deletes it with the set
//   whenScaled:  Delete -> before a replica above the new size is deleted, its claims get that pod
//                          as owner: they go when it is gone
import { type OwnerReference, type PersistentVolumeClaim, type Pod, type StatefulSet } from "@skiff/api";
import { controllerRef } from "../owners.js";
import { claimName } from "./identity.js";

export function replicaClaims(set: StatefulSet, ordinal: number): PersistentVolumeClaim[] {
  const deleteWithSet = set.spec.persistentVolumeClaimRetentionPolicy?.whenDeleted === "Delete";
  return (set.spec.volumeClaimTemplates ?? []).map((t) => {
    const claim: PersistentVolumeClaim = {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: {
        name: claimName(set, t.metadata.name, ordinal),
        namespace: set.metadata.namespace ?? "default",
        labels: { ...t.metadata.labels, ...set.spec.selector.matchLabels },
        ...(t.metadata.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
        ...(deleteWithSet ? { ownerReferences: [controllerRef(set)] } : {}),
      },
      spec: structuredClone(t.spec),
      status: { phase: "Pending" },
    };
    claim.spec.volumeMode ??= "Filesystem";
    return claim;
  });
}

/** `claim` with `pod` added as an owner (whenScaled: Delete), or undefined if it has it already. */
export function ownedByPod(claim: PersistentVolumeClaim, pod: Pod): PersistentVolumeClaim | undefined {
  const refs = claim.metadata.ownerReferences ?? [];
  if (!pod.metadata.uid || refs.some((r) => r.uid === pod.metadata.uid)) return undefined;
  const ref: OwnerReference = { apiVersion: "v1", kind: "Pod", name: pod.metadata.name, uid: pod.metadata.uid };
  return { ...claim, metadata: { ...claim.metadata, ownerReferences: [...refs, ref] } };
}
