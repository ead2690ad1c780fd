// PersistentVolumes, PersistentVolumeClaims and StorageClasses, in the order of kubectl's
// PersistentVolumeDescriber, PersistentVolumeClaimDescriber and StorageClassDescriber.
import {
  accessModesString,
  claimAccessModes,
  claimCapacity,
  isDefaultClass,
  storagePhase,
  volumeClaim,
  type ApiObject,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type StorageClass,
} from "@skiff/api";
import type { DescribeWriter } from "./writer.js";

const NONE = "<none>";

function nodeAffinity(pv: PersistentVolume, w: DescribeWriter): void {
  const terms = pv.spec.nodeAffinity?.required?.nodeSelectorTerms ?? [];
  if (terms.length === 0) return void w.field("Node Affinity", NONE);
  w.section("Node Affinity", (s) =>
    s.section("Required Terms", (t) => {
      for (const term of terms) {
        t.text((term.matchExpressions ?? []).map((e) => `${e.key} ${e.operator.toLowerCase()} [${(e.values ?? []).join(", ")}]`).join(", ") || NONE);
      }
    }),
  );
}

function source(pv: PersistentVolume, w: DescribeWriter): void {
  const s = pv.spec;
  w.section("Source", (x) => {
    if (s.hostPath) {
      x.field("Type", "HostPath (bare host directory volume)");
      x.field("Path", s.hostPath.path);
      x.field("HostPathType", s.hostPath.type ?? "");
    } else if (s.local) {
      x.field("Type", "LocalVolume (a persistent volume backed by local storage on a node)");
      x.field("Path", s.local.path);
    } else if (s.csi) {
      x.field("Type", "CSI (a Container Storage Interface (CSI) volume source)");
      x.field("Driver", s.csi.driver);
      x.field("VolumeHandle", s.csi.volumeHandle);
      x.field("ReadOnly", String(s.csi.readOnly ?? false));
    }
  });
}

export function describePersistentVolume(obj: ApiObject, w: DescribeWriter): void {
  const pv = obj as PersistentVolume;
  w.field("Finalizers", `[${(pv.metadata.finalizers ?? []).join(" ")}]`);
  w.field("StorageClass", pv.spec.storageClassName ?? "");
  w.field("Status", storagePhase(pv));
  w.field("Claim", volumeClaim(pv));
  w.field("Reclaim Policy", pv.spec.persistentVolumeReclaimPolicy ?? "");
  w.field("Access Modes", accessModesString(pv.spec.accessModes));
  w.field("VolumeMode", pv.spec.volumeMode ?? "Filesystem");
  w.field("Capacity", String(pv.spec.capacity?.storage ?? ""));
  nodeAffinity(pv, w);
  w.field("Message", pv.status?.message ?? "");
  source(pv, w);
}

export function describePersistentVolumeClaim(obj: ApiObject, w: DescribeWriter): void {
  const c = obj as PersistentVolumeClaim;
  w.field("StorageClass", c.spec.storageClassName ?? "");
  w.field("Status", storagePhase(c));
  w.field("Volume", c.spec.volumeName ?? "");
  w.field("Finalizers", `[${(c.metadata.finalizers ?? []).join(" ")}]`);
  w.field("Capacity", claimCapacity(c));
  w.field("Access Modes", claimAccessModes(c));
  w.field("VolumeMode", c.spec.volumeMode ?? "Filesystem");
}

export function describeStorageClass(obj: ApiObject, w: DescribeWriter): void {
  const sc = obj as StorageClass;
  w.field("IsDefaultClass", isDefaultClass(sc) ? "Yes" : "No");
  w.field("Provisioner", sc.provisioner);
  w.map("Parameters", sc.parameters);
  w.field("AllowVolumeExpansion", sc.allowVolumeExpansion === undefined ? "<unset>" : String(sc.allowVolumeExpansion));
  w.field("MountOptions", sc.mountOptions?.length ? sc.mountOptions.join(", ") : NONE);
  w.field("ReclaimPolicy", sc.reclaimPolicy ?? "Delete");
  w.field("VolumeBindingMode", sc.volumeBindingMode ?? "Immediate");
}
