// Which PersistentVolume a claim may have, as Kubernetes' binder chooses (pkg/controller/volume/
// persistentvolume/index.go): one not being deleted, not bound or reserved for another claim, of
// the claim's class, with every access mode the claim asks for, at least as large, whose labels
// the claim's selector matches, and (once the claim's first pod is placed) on that pod's node or
// on none. Of those, the smallest; a PV reserved for this very claim (claimRef) wins outright.
import { parseQuantity, selectorFromLabelSelector, volumeNode, type PersistentVolume, type PersistentVolumeClaim } from "@skiff/api";

const storageOf = (list: Record<string, string | number> | undefined): number => {
  try {
    return list?.storage === undefined ? 0 : parseQuantity(list.storage);
  } catch {
    return 0;
  }
};

export const requestOf = (c: PersistentVolumeClaim): number => storageOf(c.spec.resources?.requests);
export const capacityOf = (pv: PersistentVolume): number => storageOf(pv.spec.capacity);

/** The PV is reserved for (or bound to) this claim: claimRef names it (and its uid, when set). */
export function reservedFor(pv: PersistentVolume, c: PersistentVolumeClaim): boolean {
  const ref = pv.spec.claimRef;
  if (!ref?.name) return false;
  if (ref.name !== c.metadata.name || (ref.namespace ?? "default") !== (c.metadata.namespace ?? "default")) return false;
  return !ref.uid || ref.uid === c.metadata.uid;
}

/** Why `pv` does not suit `c`, or undefined when it does. */
export function mismatch(pv: PersistentVolume, c: PersistentVolumeClaim, selectedNode: string | undefined): string | undefined {
  if (pv.metadata.deletionTimestamp) return "being deleted";
  if (pv.spec.claimRef?.name && !reservedFor(pv, c)) return "bound to another claim";
  if (pv.status?.phase === "Released" || pv.status?.phase === "Failed") return `${pv.status.phase}`;
  if ((pv.spec.storageClassName ?? "") !== (c.spec.storageClassName ?? "")) return "another storage class";
  const modes = pv.spec.accessModes ?? [];
  if (!(c.spec.accessModes ?? []).every((m) => modes.includes(m))) return "other access modes";
  if (capacityOf(pv) < requestOf(c)) return "too small";
  if (c.spec.selector && !selectorFromLabelSelector(c.spec.selector).matches(pv.metadata.labels)) return "labels not selected";
  const node = volumeNode(pv);
  if (selectedNode && node && node !== selectedNode) return `on node ${node}`;
  return undefined;
}

/** The PV the claim should have, or undefined. */
export function bestVolume(volumes: readonly PersistentVolume[], c: PersistentVolumeClaim, selectedNode: string | undefined): PersistentVolume | undefined {
  const fits = volumes.filter((pv) => mismatch(pv, c, selectedNode) === undefined);
  const reserved = fits.find((pv) => reservedFor(pv, c));
  if (reserved) return reserved;
  return [...fits].sort((a, b) => capacityOf(a) - capacityOf(b) || a.metadata.name.localeCompare(b.metadata.name))[0];
}
