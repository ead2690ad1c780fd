// The `local` StorageClass, made by the server at start when missing, as a cluster's installer
// makes its default class: a claim that names no class gets it. Its volumes are Docker named
// volumes on the node of the claim's first pod (WaitForFirstConsumer), deleted with their claim.
import { randomUUID } from "node:crypto";
import { AlreadyExistsError, DEFAULT_CLASS_ANNOTATION, LOCAL_STORAGE_CLASS, LOCAL_VOLUME_DRIVER, type StorageClass } from "@skiff/api";
import type { Store } from "@skiff/store";

export function defaultStorageClass(now: Date): StorageClass {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: LOCAL_STORAGE_CLASS, uid: randomUUID(), creationTimestamp: now.toISOString(), annotations: { [DEFAULT_CLASS_ANNOTATION]: "true" } },
    provisioner: LOCAL_VOLUME_DRIVER,
    reclaimPolicy: "Delete",
    volumeBindingMode: "WaitForFirstConsumer",
    allowVolumeExpansion: false,
  };
}

export async function ensureDefaultStorageClass(store: Store, now = new Date()): Promise<void> {
  if (await store.get({ kind: "StorageClass", name: LOCAL_STORAGE_CLASS })) return;
  try {
    await store.create(defaultStorageClass(now));
  } catch (err) {
    if (!(err instanceof AlreadyExistsError)) throw err;
  }
}
