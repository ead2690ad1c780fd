// PersistentVolume, PersistentVolumeClaim (v1) and StorageClass (storage.k8s.io/v1), with
// Kubernetes' rules and messages: a claim must ask for an access mode and a size; a volume must
// have a size, an access mode and exactly one source skiff can mount (hostPath, local, or the
// `skiff.dev/local` CSI driver). A claim larger than every volume is valid: it waits (Pending).
import { z } from "zod";
import { checkDns1123Subdomain, checkLabelValue, checkQualifiedName } from "../names.js";
import { parseQuantity } from "../quantity.js";
import { LOCAL_VOLUME_DRIVER } from "../well-known/storage.js";
import { resourceList } from "./container.js";
import { bool, issue, isRecord, kobject, named, str, strList, strMap } from "./fields.js";
import { labelSelector, objectMeta, objectReference } from "./meta.js";
import { status } from "./pod.js";

type Ctx = z.core.$RefinementCtx;

const accessModes = () => z.array(z.enum(["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]));
const reclaimPolicy = () => z.enum(["Retain", "Delete"]);
const className = () => named((s) => (s === "" ? undefined : checkDns1123Subdomain(s)));

function checkAccessModes(modes: unknown, ctx: Ctx, path: (string | number)[]): void {
  if (modes === undefined || (Array.isArray(modes) && modes.length === 0)) issue(ctx, path, "at least 1 access mode is required");
  else if (Array.isArray(modes) && modes.includes("ReadWriteOncePod") && modes.length > 1) {
    issue(ctx, path, "may not use ReadWriteOncePod with other access modes");
  }
}

/** `storage` in a resource list: required and above zero (other problems are the list's own). */
function checkStorage(list: unknown, ctx: Ctx, path: (string | number)[]): void {
  const q = isRecord(list) ? list.storage : undefined;
  if (q === undefined) return issue(ctx, [...path, "storage"], "required");
  try {
    if (parseQuantity(q as string | number) <= 0) issue(ctx, [...path, "storage"], "must be greater than zero");
  } catch {
    // resourceList() reported the bad quantity already
  }
}

/** A claim's spec, shared with a StatefulSet's volumeClaimTemplates. */
export const claimSpec = kobject(
  "PersistentVolumeClaimSpec",
  {
    accessModes: accessModes().optional(),
    resources: kobject("VolumeResourceRequirements", { requests: resourceList().optional(), limits: resourceList().optional() }).optional(),
    storageClassName: className().optional(),
    selector: labelSelector.optional(),
    volumeName: named(checkDns1123Subdomain).optional(),
    volumeMode: z.enum(["Filesystem"]).optional(),
  },
  (s, ctx) => {
    checkAccessModes(s.accessModes, ctx, ["accessModes"]);
    checkStorage(isRecord(s.resources) ? s.resources.requests : undefined, ctx, ["resources", "requests"]);
  },
);

export const persistentVolumeClaim = kobject("PersistentVolumeClaim", {
  apiVersion: z.unknown(),
  kind: z.unknown(),
  metadata: objectMeta("PersistentVolumeClaim", "subdomain", true),
  spec: claimSpec,
  status: status(),
});

const nodeSelectorRequirement = kobject(
  "NodeSelectorRequirement",
  { key: named(checkQualifiedName), operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]), values: z.array(named(checkLabelValue)).optional() },
  (r, ctx) => {
    const count = Array.isArray(r.values) ? r.values.length : 0;
    if ((r.operator === "In" || r.operator === "NotIn") && count === 0) issue(ctx, ["values"], `must be specified when operator is "${r.operator}"`);
    if ((r.operator === "Exists" || r.operator === "DoesNotExist") && count > 0) issue(ctx, ["values"], `may not be specified when operator is "${r.operator}"`);
  },
);

const volumeNodeAffinity = kobject("VolumeNodeAffinity", {
  required: kobject("NodeSelector", {
    nodeSelectorTerms: z.array(kobject("NodeSelectorTerm", { matchExpressions: z.array(nodeSelectorRequirement).optional() })).min(1, "at least one term is required"),
  }).optional(),
});

const absolutePath = () =>
  str().superRefine((p, ctx) => {
    if (!p.startsWith("/")) issue(ctx, [], "must be an absolute path");
  });

const SOURCES = ["hostPath", "local", "csi"] as const;

const persistentVolumeSpec = kobject(
  "PersistentVolumeSpec",
  {
    capacity: resourceList().optional(),
    accessModes: accessModes().optional(),
    persistentVolumeReclaimPolicy: reclaimPolicy().optional(),
    storageClassName: className().optional(),
    claimRef: objectReference.optional(),
    nodeAffinity: volumeNodeAffinity.optional(),
    volumeMode: z.enum(["Filesystem"]).optional(),
    mountOptions: strList().optional(),
    hostPath: kobject("HostPathVolumeSource", {
      path: absolutePath(),
      type: z.enum(["", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"]).optional(),
    }).optional(),
    local: kobject("LocalVolumeSource", { path: absolutePath(), fsType: str().optional() }).optional(),
    csi: kobject("CSIPersistentVolumeSource", {
      driver: str().superRefine((d, ctx) => {
        if (d !== LOCAL_VOLUME_DRIVER) issue(ctx, [], `skiff knows only the "${LOCAL_VOLUME_DRIVER}" driver, got "${d}"`);
      }),
      volumeHandle: named((h) => (/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(h) ? undefined : "must be a Docker volume name ([a-zA-Z0-9][a-zA-Z0-9_.-]*)")),
      readOnly: bool().optional(),
      fsType: str().optional(),
      volumeAttributes: strMap().optional(),
    }).optional(),
  },
  (s, ctx) => {
    checkAccessModes(s.accessModes, ctx, ["accessModes"]);
    checkStorage(s.capacity, ctx, ["capacity"]);
    const sources = SOURCES.filter((k) => s[k] !== undefined);
    if (sources.length === 0) issue(ctx, [], `must specify a volume type (${SOURCES.join(", ")})`);
    if (sources.length > 1) issue(ctx, [sources[1] as string], `may not specify more than 1 volume type (${sources.join(", ")})`);
    if (s.local !== undefined && s.nodeAffinity === undefined) issue(ctx, ["nodeAffinity"], "Local volumes require node affinity");
  },
);

export const persistentVolume = kobject("PersistentVolume", {
  apiVersion: z.unknown(),
  kind: z.unknown(),
  metadata: objectMeta("PersistentVolume", "subdomain", false),
  spec: persistentVolumeSpec,
  status: status(),
});

export const storageClass = kobject("StorageClass", {
  apiVersion: z.unknown(),
  kind: z.unknown(),
  metadata: objectMeta("StorageClass", "subdomain", false),
  provisioner: named((p) => (p === "" ? "required" : undefined)),
  parameters: strMap().optional(),
  reclaimPolicy: reclaimPolicy().optional(),
  volumeBindingMode: z.enum(["Immediate", "WaitForFirstConsumer"]).optional(),
  allowVolumeExpansion: bool().optional(),
  mountOptions: strList().optional(),
});
