// One usage report from the samples of a node's running containers. Pure. App containers are
// listed per pod (as metrics-server lists them); the infra ("pause") container counts towards
// the node's total only.
import type { NodeUsage } from "@skiff/proto";
import type { ContainerStats } from "../runtime/index.js";
import { INFRA_CONTAINER, type ContainerIdentity } from "../pods/labels.js";

export interface ContainerSample {
  identity: Pick<ContainerIdentity, "podNamespace" | "podName" | "container">;
  stats: ContainerStats;
}

export function nodeUsage(samples: readonly ContainerSample[], timestampMs: number, windowMs: number): NodeUsage {
  let cpu = 0;
  let memory = 0;
  const pods = new Map<string, { namespace: string; name: string; containers: { name: string; usage: { cpuNanoCores: string; memoryBytes: string } }[] }>();
  for (const { identity: id, stats } of samples) {
    cpu += stats.cpuNanoCores;
    memory += stats.memoryBytes;
    if (id.container === INFRA_CONTAINER) continue;
    const key = `${id.podNamespace}/${id.podName}`;
    let pod = pods.get(key);
    if (!pod) pods.set(key, (pod = { namespace: id.podNamespace, name: id.podName, containers: [] }));
    pod.containers.push({ name: id.container, usage: { cpuNanoCores: String(stats.cpuNanoCores), memoryBytes: String(stats.memoryBytes) } });
  }
  return {
    timestampMs: String(timestampMs),
    windowMs,
    node: { cpuNanoCores: String(cpu), memoryBytes: String(memory) },
    pods: [...pods.values()],
  };
}
