// A controller of your own, on skiff's controller framework: it keeps, in every namespace, a
// ConfigMap named `image-inventory` listing the images its running pods use.
//
//   watch Pods -> key = the pod's namespace -> reconcile(namespace):
//     read the namespace's running pods (informer cache, by index) -> the ConfigMap they call for (pure) ->
//     create it, or update it when it differs (compare-and-swap), or leave it be.
import type { ConfigMap, Pod } from "@skiff/api";
import { NAMESPACE_INDEX, type ControllerDefinition } from "@skiff/server";

export const INVENTORY_NAME = "image-inventory";

/** The data the ConfigMap should hold: one line per image, with how many pods run it. Pure. */
export function inventory(pods: readonly Pod[]): Record<string, string> {
  const counts = new Map<string, number>();
  for (const pod of pods) {
    if (pod.status?.phase !== "Running") continue;
    for (const c of pod.spec.containers) counts.set(c.image, (counts.get(c.image) ?? 0) + 1);
  }
  const lines = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([image, n]) => `${image} ${n}`);
  return { images: lines.join("\n") };
}

export const imageInventoryController: ControllerDefinition = {
  name: "image-inventory",
  watches: [{ kind: "Pod", keysFor: (pod) => [pod.metadata.namespace ?? "default"] }],
  async reconcile(namespace, { store, informers, log }) {
    // The namespace index: the pods of this namespace only, not a walk of every pod.
    const pods = informers.for<Pod>("Pod").byIndex(NAMESPACE_INDEX, namespace);
    const data = inventory(pods);
    const existing = (await store.get({ kind: "ConfigMap", namespace, name: INVENTORY_NAME })) as ConfigMap | undefined;
    if (existing && JSON.stringify(existing.data) === JSON.stringify(data)) return; // converged
    // If someone wrote it since we read it, update/create throws (ConflictError, AlreadyExistsError)
    // and the framework retries this key with a fresh read: no locking needed.
    if (existing) await store.update({ ...existing, data });
    else {
      const meta = { name: INVENTORY_NAME, namespace, uid: crypto.randomUUID(), creationTimestamp: new Date().toISOString() };
      await store.create({ apiVersion: "v1", kind: "ConfigMap", metadata: meta, data });
    }
    log.info({ namespace, images: data.images?.split("\n").length ?? 0 }, "image inventory updated");
  },
};
