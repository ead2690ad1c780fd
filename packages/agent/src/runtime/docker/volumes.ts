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

/**
 * The entries as a tar archive, in the given order, extracted by the engine into `dir`. No
 * entries are added for parent directories: the engine makes missing ones (0755) itself, and an
 * entry for one that exists would reset its mode (a `/tmp` would lose its 1777).
 */
export async function putFiles(docker: Dockerode, containerId: string, dir: string, files: FileToPut[]): Promise<void> {
  const entries = files.map((f): TarEntry => {
    if (f.type === "symlink") return { name: f.path, mode: 0o777, type: "symlink", linkname: f.linkTarget ?? "" };
    if (f.type === "directory") return { name: f.path, mode: f.mode, type: "directory" };
    return { name: f.path, mode: f.mode, data: f.data };
  });
  await docker.getContainer(containerId).putArchive(tar(entries, Math.floor(Date.now() / 1000)), { path: dir });
}
