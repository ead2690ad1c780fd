// A container's CPU and memory from the Docker stats API, as `docker stats` and kubectl top
// compute them. Docker answers `stream: false` with two samples about a second apart
// (cpu_stats and precpu_stats), so CPU is the average over that second.
//   cores       = Δ container CPU time / Δ host CPU time × online CPUs
//   working set = memory usage − inactive file pages (page cache the kernel can drop at once)
import type Dockerode from "dockerode";
import type { ContainerStats } from "../runtime.js";

interface CpuSample {
  cpu_usage?: { total_usage?: number };
  system_cpu_usage?: number;
  online_cpus?: number;
}

/** The part of Docker's stats answer we read (cgroup v1 and v2 name the inactive pages apart). */
export interface DockerStats {
  cpu_stats?: CpuSample;
  precpu_stats?: CpuSample;
  memory_stats?: { usage?: number; stats?: { inactive_file?: number; total_inactive_file?: number } };
}

export function usageFromStats(s: DockerStats): ContainerStats {
  const cpu = s.cpu_stats ?? {};
  const pre = s.precpu_stats ?? {};
  const containerDelta = (cpu.cpu_usage?.total_usage ?? 0) - (pre.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cpu.system_cpu_usage ?? 0) - (pre.system_cpu_usage ?? 0);
  const cpus = cpu.online_cpus || 1;
  // No earlier sample (a container that just started): no CPU figure yet rather than a wrong one.
  const cores = pre.system_cpu_usage && systemDelta > 0 && containerDelta > 0 ? (containerDelta / systemDelta) * cpus : 0;
  const usage = s.memory_stats?.usage ?? 0;
  const inactive = s.memory_stats?.stats?.inactive_file ?? s.memory_stats?.stats?.total_inactive_file ?? 0;
  return { cpuNanoCores: Math.round(cores * 1e9), memoryBytes: Math.max(0, usage - inactive) };
}

/** One sample of a running container; undefined when it is not running (Docker then sends zeros). */
export async function containerStats(docker: Dockerode, id: string): Promise<ContainerStats | undefined> {
  const s = (await docker.getContainer(id).stats({ stream: false })) as DockerStats & { read?: string };
  if (!s.memory_stats?.usage && !s.cpu_stats?.cpu_usage?.total_usage) return undefined;
  return usageFromStats(s);
}
