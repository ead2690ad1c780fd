// What a configMap or secret volume holds, and how the agent writes it so that a change is seen
// all at once. Pure.
//
// The layout is Kubernetes' (its AtomicWriter): the files live in a hidden directory, `..data`
// is a symlink to it, and each top-level name is a symlink through `..data`:
//
//   /etc/config/game.properties -> ..data/game.properties
//   /etc/config/..data          -> ..b
//   /etc/config/..b/game.properties
//
// An update fills the other directory (`..a`/`..b` alternate; Kubernetes names them by time)
// and then swaps `..data`, so a reader sees the old set or the new one, never a mix. A key that
// disappears leaves its top-level link dangling (Kubernetes removes it): a read finds no file.
import { createHash } from "node:crypto";
import type { Container, Pod, Volume } from "@skiff/api/core";
import type { FileToPut } from "../runtime/runtime.js";
import { configMapBytes, findConfigMap, findSecret, notFound, secretBytes, type Configs } from "./configs.js";
import { podNamespace } from "./labels.js";
import { INFRA_VOLUMES_DIR, emptyDirSubPaths } from "./volumes.js";

export const DEFAULT_MODE = 0o644; // 420, as Kubernetes

export type Slot = "a" | "b";

/** One write of a volume through the infra container. */
export interface VolumeWrite {
  volume: string;
  /** Directory in the infra container: /volumes/<name>. */
  dir: string;
  entries: FileToPut[];
  /** Of the content (not the slot): unchanged content needs no write. */
  hash: string;
  slot: Slot;
}

/** What the agent last wrote to a volume, by `podUid/volume`. */
export interface WrittenRecord {
  infraId: string;
  hash: string;
  slot: Slot;
}

export type FilesResult = { ok: true; files: FileToPut[] } | { ok: false; message: string };

/** The files of a configMap or secret volume; a missing optional object gives none. */
export function volumeFiles(pod: Pod, v: Volume, configs: Configs): FilesResult {
  const namespace = podNamespace(pod);
  let values: Map<string, Buffer> | undefined;
  let source: { items?: { key: string; path: string; mode?: number }[]; defaultMode?: number; optional?: boolean };
  let missingKey: (key: string) => string;
  if (v.configMap) {
    source = v.configMap;
    const cm = findConfigMap(configs, namespace, v.configMap.name);
    if (!cm && !source.optional) return { ok: false, message: notFound("ConfigMap", v.configMap.name) };
    values = cm && configMapBytes(cm);
    missingKey = (key) => `configmap references non-existent config key: ${key}`;
  } else if (v.secret) {
    source = v.secret;
    const secret = findSecret(configs, namespace, v.secret.secretName);
    if (!secret && !source.optional) return { ok: false, message: notFound("Secret", v.secret.secretName) };
    values = secret && secretBytes(secret);
    missingKey = (key) => `references non-existent secret key: ${key}`;
  } else return { ok: true, files: [] };
  if (!values) return { ok: true, files: [] };
  const mode = source.defaultMode ?? DEFAULT_MODE;
  if (!source.items) return { ok: true, files: [...values].map(([path, data]) => ({ path, data, mode })) };
  const files: FileToPut[] = [];
  for (const item of source.items) {
    const data = values.get(item.key);
    if (!data) {
      if (source.optional) continue;
      return { ok: false, message: missingKey(item.key) };
    }
    files.push({ path: item.path, data, mode: item.mode ?? mode });
  }
  return { ok: true, files };
}

/** The entries of one write in the atomic layout, filling `slot`. */
export function atomicEntries(files: readonly FileToPut[], slot: Slot): FileToPut[] {
  const dir = `..${slot}`;
  const empty = Buffer.alloc(0);
  const tops = [...new Set(files.map((f) => f.path.split("/")[0] ?? f.path))].sort();
  return [
    // A link put where the slot's old directory is removes that directory, old keys included.
    { path: dir, data: empty, mode: 0o777, type: "symlink", linkTarget: "..data" },
    { path: dir, data: empty, mode: 0o755, type: "directory" },
    ...files.map((f) => ({ ...f, path: `${dir}/${f.path}` })),
    { path: "..data", data: empty, mode: 0o777, type: "symlink", linkTarget: dir },
    ...tops.map((top): FileToPut => ({ path: top, data: empty, mode: 0o777, type: "symlink", linkTarget: `..data/${top}` })),
  ];
}

function contentHash(files: readonly FileToPut[]): string {
  const h = createHash("sha256");
  for (const f of files) h.update(`${f.type ?? "file"}\0${f.path}\0${f.mode}\0${f.linkTarget ?? ""}\0`).update(f.data).update("\0");
  return h.digest("hex");
}

/**
 * The writes a pod's volumes need: configMap and secret files, and emptyDir sub-path
 * directories. `written` says what was written before (undefined: nothing since this infra
 * container started, so everything). A required object that is missing is no write: the files
 * stay as they were, and the containers that mount it wait (mountProblem).
 */
export function volumeWrites(pod: Pod, configs: Configs, written: (volume: string) => WrittenRecord | undefined): VolumeWrite[] {
  const writes: VolumeWrite[] = [];
  const subPaths = emptyDirSubPaths(pod);
  for (const v of pod.spec.volumes ?? []) {
    const before = written(v.name);
    const slot: Slot = before?.slot === "a" ? "b" : "a";
    const dir = `${INFRA_VOLUMES_DIR}/${v.name}`;
    let entries: FileToPut[];
    let hash: string;
    if (v.configMap || v.secret) {
      const files = volumeFiles(pod, v, configs);
      if (!files.ok) continue;
      hash = contentHash(files.files);
      entries = atomicEntries(files.files, slot);
    } else {
      const dirs = subPaths.get(v.name);
      if (!dirs) continue;
      // World-writable, as an emptyDir's own root is: the container may not run as root.
      entries = dirs.map((path) => ({ path, data: Buffer.alloc(0), mode: 0o777, type: "directory" }));
      hash = contentHash(entries);
    }
    if (before && before.hash === hash) continue;
    writes.push({ volume: v.name, dir, entries, hash, slot });
  }
  return writes;
}

/** Why a container cannot be made yet because of a volume it mounts, in kubelet's words. */
export function mountProblem(pod: Pod, container: Container, configs: Configs): string | undefined {
  const volumes = new Map((pod.spec.volumes ?? []).map((v) => [v.name, v]));
  for (const m of container.volumeMounts ?? []) {
    const v = volumes.get(m.name);
    if (!v || (!v.configMap && !v.secret)) continue;
    const files = volumeFiles(pod, v, configs);
    if (!files.ok) return files.message;
  }
  return undefined;
}
