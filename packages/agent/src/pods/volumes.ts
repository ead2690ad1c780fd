// A pod's volumes on Docker, pure. Each emptyDir, configMap and secret volume is a Docker named
// volume of its own, `skiff_<node>_<pod uid>_<volume>`, labelled with the node, the pod's uid and
// the volume's name, so an agent that restarts finds (and cleans up) what it made. It lives as
// long as the pod is assigned to the node, and goes after the pod's containers.
//
// The pod's infra container mounts every one of them at /volumes/<name>: it runs for the pod's
// whole life, so a tmpfs volume stays mounted (its content kept) while app containers come and
// go, and the agent writes ConfigMap and Secret files through it (Runtime.putFiles needs a
// running container that mounts the volume). persistentVolumeClaim volumes are translate.ts'.
import { createHash } from "node:crypto";
import { parseMemory, type Container, type Pod, type Volume } from "@skiff/api/core";
import type { Mount } from "../runtime/runtime.js";
import { LABELS, podUid } from "./labels.js";

export const VOLUME_LABEL = "skiff.volume";
/** Where the infra container mounts the pod's volumes. */
export const INFRA_VOLUMES_DIR = "/volumes";
/** Where an app container mounts a volume it uses with `subPath` (see appMounts). */
export const SUBPATH_VOLUMES_DIR = "/.skiff/volumes";

export type ManagedKind = "emptyDir" | "configMap" | "secret";

export interface ManagedVolume {
  /** The volume's name in the pod spec. */
  volume: string;
  kind: ManagedKind;
  /** The Docker volume's name. */
  dockerName: string;
  labels: Record<string, string>;
  /** Memory-backed: Secrets (never on disk), ConfigMaps (small, gone with the pod), emptyDir Memory. */
  tmpfs?: { sizeBytes?: number };
}

export interface HostPathCheck {
  path: string;
  /** HostPathType; "" is Docker's own bind semantics (a missing directory is made). */
  type: string;
}

export interface SubPathLink {
  /** Absolute path in the container where the link goes (the mount's mountPath). */
  path: string;
  /** Absolute target inside the volume's hidden mount. */
  target: string;
}

export interface AppMounts {
  mounts: Mount[];
  /** Symlinks to place in the created container before it starts (subPath). */
  links: SubPathLink[];
  /** hostPath volumes to check or create before the container is created. */
  hostPaths: HostPathCheck[];
}

/** The kind of a volume skiff makes itself; undefined for hostPath and persistentVolumeClaim. */
export function managedKind(v: Volume): ManagedKind | undefined {
  if (v.configMap) return "configMap";
  if (v.secret) return "secret";
  if (v.hostPath || v.persistentVolumeClaim) return undefined;
  return "emptyDir"; // a volume with no source is an emptyDir, as in Kubernetes
}

/**
 * `skiff_<node>_<uid>_<volume>`. Docker's local driver makes a directory of that name, so it must
 * stay within a file name's 255 bytes: a node name long enough to break that is replaced by a hash.
 * The labels, not the name, are what the agent reads back.
 */
export function dockerVolumeName(node: string, uid: string, volume: string): string {
  const safe = (s: string) => s.replace(/[^a-zA-Z0-9_.-]/g, "-");
  const name = `skiff_${safe(node)}_${safe(uid)}_${volume}`;
  if (name.length <= 255) return name;
  const short = createHash("sha256").update(node).digest("hex").slice(0, 12);
  return `skiff_${short}_${safe(uid)}_${volume}`;
}

export function volumeLabels(node: string, uid: string, volume: string): Record<string, string> {
  return { [LABELS.node]: node, [LABELS.podUid]: uid, [VOLUME_LABEL]: volume };
}

export function managedVolumes(pod: Pod, node: string): ManagedVolume[] {
  const uid = podUid(pod);
  return (pod.spec.volumes ?? []).flatMap((v): ManagedVolume[] => {
    const kind = managedKind(v);
    if (!kind) return [];
    const m: ManagedVolume = { volume: v.name, kind, dockerName: dockerVolumeName(node, uid, v.name), labels: volumeLabels(node, uid, v.name) };
    // No size cap on configMap and secret volumes: the object bounds them (1 MiB), apps mount
    // them read-only, and an update briefly holds two copies (volume-files.ts), which a tight
    // cap would make fail half-way.
    if (kind === "secret" || kind === "configMap") m.tmpfs = {};
    if (kind === "emptyDir" && v.emptyDir?.medium === "Memory") {
      m.tmpfs = v.emptyDir.sizeLimit ? { sizeBytes: parseMemory(v.emptyDir.sizeLimit) } : {};
    }
    // A disk emptyDir's sizeLimit is not enforced: Kubernetes enforces it by evicting the pod,
    // which skiff does not do, and Docker's local driver has no size option for a plain directory.
    return [m];
  });
}

/** The infra container's mounts: every managed volume, writable, at /volumes/<name>. */
export function infraMounts(pod: Pod, node: string): Mount[] {
  return managedVolumes(pod, node).map((m) => ({ type: "volume", source: m.dockerName, target: `${INFRA_VOLUMES_DIR}/${m.volume}` }));
}

const join = (dir: string, sub: string) => `${dir.replace(/\/+$/, "")}/${sub.replace(/^\/+/, "")}`;

/**
 * An app container's mounts of emptyDir, configMap, secret and hostPath volumes (claims are
 * translate.ts'). configMap and secret are always read-only, as in Kubernetes.
 *
 * `subPath`: Docker 20.10's mount API cannot mount part of a volume. A hostPath's sub-path is
 * just another host path; for a named volume the container mounts the whole volume at
 * /.skiff/volumes/<name> and gets a symlink at mountPath pointing into it, placed in its own
 * layer before it starts (so a Secret's content stays on tmpfs: only the link is on disk).
 * Unlike Kubernetes, whose subPath mounts never see ConfigMap updates, such a link does see them.
 */
export function appMounts(pod: Pod, container: Container, node: string): AppMounts {
  const volumes = new Map((pod.spec.volumes ?? []).map((v) => [v.name, v]));
  const uid = podUid(pod);
  const out: AppMounts = { mounts: [], links: [], hostPaths: [] };
  const hidden = new Map<string, Mount>();
  for (const m of container.volumeMounts ?? []) {
    const v = volumes.get(m.name);
    if (!v) continue;
    if (v.hostPath) {
      const type = v.hostPath.type ?? "";
      out.hostPaths.push({ path: v.hostPath.path, type });
      const source = m.subPath ? join(v.hostPath.path, m.subPath) : v.hostPath.path;
      if (m.subPath) out.hostPaths.push({ path: source, type: "" }); // kubelet makes a missing sub-path directory
      out.mounts.push({ type: "bind", source, target: m.mountPath, ...(m.readOnly ? { readOnly: true } : {}) });
      continue;
    }
    const kind = managedKind(v);
    if (!kind) continue;
    const readOnly = kind !== "emptyDir" || Boolean(m.readOnly);
    const source = dockerVolumeName(node, uid, v.name);
    if (!m.subPath) {
      out.mounts.push({ type: "volume", source, target: m.mountPath, ...(readOnly ? { readOnly: true } : {}) });
      continue;
    }
    const target = `${SUBPATH_VOLUMES_DIR}/${v.name}`;
    const before = hidden.get(v.name);
    if (!before) {
      const mount: Mount = { type: "volume", source, target, ...(readOnly ? { readOnly: true } : {}) };
      hidden.set(v.name, mount);
      out.mounts.push(mount);
    } else if (!readOnly) delete before.readOnly; // read-only only if every use of it is
    out.links.push({ path: m.mountPath, target: join(target, m.subPath) });
  }
  return out;
}

/** Sub-paths of emptyDir volumes used by any container: made as directories before containers start. */
export function emptyDirSubPaths(pod: Pod): Map<string, string[]> {
  const volumes = new Map((pod.spec.volumes ?? []).map((v) => [v.name, v]));
  const out = new Map<string, string[]>();
  for (const c of pod.spec.containers) {
    for (const m of c.volumeMounts ?? []) {
      const v = volumes.get(m.name);
      if (!m.subPath || !v || managedKind(v) !== "emptyDir") continue;
      const list = out.get(v.name) ?? [];
      if (!list.includes(m.subPath)) list.push(m.subPath);
      out.set(v.name, list);
    }
  }
  return out;
}
