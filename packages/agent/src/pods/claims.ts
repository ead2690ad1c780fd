// persistentVolumeClaim volumes, pure. The server sends each claim a pod uses with the pod (like
// its ConfigMaps), and once bound the claim says what to mount (`skiff.dev/volume-source`, written
// by the binder from its PersistentVolume): a host path, bound as a hostPath volume is, or a
// Docker named volume of the `local` class, made on first use on this node and kept when the
// pod goes; it is removed only when its PV goes with reclaim policy Delete (volume-reaper.ts).
import { configRefKey, parseClaimMount, type ClaimMount, type Container, type PersistentVolumeClaim, type Pod } from "@skiff/api/core";
import type { Mount } from "../runtime/runtime.js";
import type { Configs } from "./configs.js";
import { LABELS, podNamespace } from "./labels.js";
import type { HostPathCheck } from "./volumes.js";

/** On the Docker volume of a `local` PV: its name, so that the agent finds what it made. */
export const CLAIM_VOLUME_LABEL = "skiff.claim-volume";

export interface ClaimVolume {
  name: string;
  labels: Record<string, string>;
}

export interface ClaimMounts {
  mounts: Mount[];
  /** Host paths to check or make before the container is created (hostPath and local PVs). */
  hostPaths: HostPathCheck[];
  /** Docker volumes to make (if missing) before the container is created. */
  volumes: ClaimVolume[];
}

export function findClaim(configs: Configs, namespace: string, name: string): PersistentVolumeClaim | undefined {
  return configs.get(configRefKey({ kind: "PersistentVolumeClaim", namespace, name })) as PersistentVolumeClaim | undefined;
}

type Resolved = { ok: true; mount: ClaimMount } | { ok: false; message: string };

function resolve(configs: Configs, namespace: string, claimName: string): Resolved {
  const claim = findClaim(configs, namespace, claimName);
  if (!claim) return { ok: false, message: `persistentvolumeclaim "${claimName}" not found` };
  const mount = parseClaimMount(claim);
  if (!mount || !claim.spec.volumeName) return { ok: false, message: `persistentvolumeclaim "${claimName}" is not bound to a volume yet` };
  return { ok: true, mount };
}

/** Why the container cannot be made yet (a claim missing or not bound), or undefined. */
export function claimProblem(pod: Pod, container: Container, configs: Configs): string | undefined {
  const volumes = new Map((pod.spec.volumes ?? []).map((v) => [v.name, v]));
  for (const m of container.volumeMounts ?? []) {
    const claim = volumes.get(m.name)?.persistentVolumeClaim;
    if (!claim) continue;
    const r = resolve(configs, podNamespace(pod), claim.claimName);
    if (!r.ok) return r.message;
  }
  return undefined;
}

/**
 * The container's mounts of its claims (claimProblem() said they are all bound). Either
 * `readOnly` (the mount's or the claim's) makes the mount read-only. A claim's `subPath` is a
 * sub-directory of a host path; of a Docker volume it is not supported (left out, as before).
 */
export function claimMounts(pod: Pod, container: Container, configs: Configs, nodeName: string): ClaimMounts {
  const volumes = new Map((pod.spec.volumes ?? []).map((v) => [v.name, v]));
  const out: ClaimMounts = { mounts: [], hostPaths: [], volumes: [] };
  for (const m of container.volumeMounts ?? []) {
    const claim = volumes.get(m.name)?.persistentVolumeClaim;
    if (!claim) continue;
    const r = resolve(configs, podNamespace(pod), claim.claimName);
    if (!r.ok) continue;
    const readOnly = m.readOnly || claim.readOnly ? { readOnly: true } : {};
    if ("hostPath" in r.mount) {
      const base = r.mount.hostPath.path;
      out.hostPaths.push({ path: base, type: r.mount.hostPath.type ?? "" });
      const source = m.subPath ? `${base.replace(/\/+$/, "")}/${m.subPath}` : base;
      if (m.subPath) out.hostPaths.push({ path: source, type: "" });
      out.mounts.push({ type: "bind", source, target: m.mountPath, ...readOnly });
      continue;
    }
    if (m.subPath) continue;
    const name = r.mount.dockerVolume;
    if (!out.volumes.some((v) => v.name === name)) out.volumes.push({ name, labels: { [LABELS.node]: nodeName, [CLAIM_VOLUME_LABEL]: name } });
    out.mounts.push({ type: "volume", source: name, target: m.mountPath, ...readOnly });
  }
  return out;
}
