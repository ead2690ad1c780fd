// Which Docker volumes of `local` PVs this node must remove, pure. The server sends the node every
// PV of the `skiff.dev/local` driver pinned to it (assignments); the agent remembers each one's
// Docker volume and reclaim policy. When a PV it knew is no longer sent (deleted: its claim went
// and its policy was Delete, or a person deleted it), its volume goes if the policy it last saw
// was Delete; with Retain the data stays, as Kubernetes leaves a retained volume's storage alone.
// A volume still used by a container cannot go: it is tried again each pass until it can.
import { LOCAL_VOLUME_DRIVER, type ApiObject, type PersistentVolume } from "@skiff/api/core";
import type { Configs } from "./configs.js";

/** Docker volume name -> the reclaim policy of its PV, as last seen. */
export type KnownVolumes = Map<string, "Retain" | "Delete">;

function localVolumes(configs: Configs): PersistentVolume[] {
  return [...configs.values()].filter(
    (o: ApiObject): o is PersistentVolume => o.kind === "PersistentVolume" && (o as PersistentVolume).spec?.csi?.driver === LOCAL_VOLUME_DRIVER,
  );
}

/** Learn the PVs in `configs` (in place). */
export function learnVolumes(known: KnownVolumes, configs: Configs): void {
  for (const pv of localVolumes(configs)) known.set(pv.spec.csi!.volumeHandle, pv.spec.persistentVolumeReclaimPolicy ?? "Retain");
}

/** The volumes whose PV is gone: `remove` (policy Delete) and `forget` (Retain: kept on disk). */
export function goneVolumes(known: KnownVolumes, configs: Configs): { remove: string[]; forget: string[] } {
  const present = new Set(localVolumes(configs).map((pv) => pv.spec.csi!.volumeHandle));
  const out = { remove: [] as string[], forget: [] as string[] };
  for (const [name, policy] of known) {
    if (present.has(name)) continue;
    (policy === "Delete" ? out.remove : out.forget).push(name);
  }
  return out;
}
