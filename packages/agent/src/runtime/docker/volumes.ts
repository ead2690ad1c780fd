// Named volumes and file placement on Docker. A pod's emptyDir, ConfigMap and Secret volumes are
// named volumes (tmpfs-backed where the data must not touch disk); files reach them through the
// engine (the archive API), so the agent needs no access to the engine's filesystem, and works
// the same when it runs in a container itself.
import type Dockerode from "dockerode";
import { tar, type TarEntry } from "../infra/ustar.js";
import type { FileToPut, VolumeInfo, VolumeOptions } from "../runtime.js";
import { statusCode } from "./errors.js";

export async function ensureVolume(docker: Dockerode, name: string, options: VolumeOptions): Promise<void> {
  try {
    await docker.getVolume(name).inspect();
    return;
  } catch (err) {
    if (statusCode(err) !== 404) throw err;
  }
  const driverOpts: Record<string, string> = {};
  if (options.tmpfs) {
    driverOpts.type = "tmpfs";
    driverOpts.device = "tmpfs";
    if (options.tmpfs.sizeBytes) driverOpts.o = `size=${options.tmpfs.sizeBytes}`;
  }
  await docker.createVolume({ Name: name, Driver: "local", DriverOpts: driverOpts, Labels: options.labels });
}

export async function removeVolume(docker: Dockerode, name: string): Promise<void> {
  try {
    await docker.getVolume(name).remove();
  } catch (err) {
    if (statusCode(err) !== 404) throw err;
  }
}

export async function listVolumes(docker: Dockerode, labels: Record<string, string>): Promise<VolumeInfo[]> {
  const res = (await docker.listVolumes({ filters: { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) } })) as {
    Volumes: { Name: string; Labels: Record<string, string> | null }[] | null;
  };
  return (res.Volumes ?? []).map((v) => ({ name: v.Name, labels: v.Labels ?? {} }));
}

/** The files as a tar archive (with their parent directories), extracted by the engine into `dir`. */
export async function putFiles(docker: Dockerode, containerId: string, dir: string, files: FileToPut[]): Promise<void> {
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.path.split("/").slice(0, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
  }
  const entries: TarEntry[] = [
    ...[...dirs].sort().map((name): TarEntry => ({ name, mode: 0o755, type: "directory" })),
    ...files.map((f): TarEntry => ({ name: f.path, mode: f.mode, data: f.data })),
  ];
  await docker.getContainer(containerId).putArchive(tar(entries, Math.floor(Date.now() / 1000)), { path: dir });
}
