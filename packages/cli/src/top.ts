// `skiff top`'s tables, as kubectl top prints them: CPU in millicores, memory in mebibytes, and
// for nodes the share of what the node offers pods (allocatable). Pure: the command fetches.
import { formatPercent, formatTopCpu, formatTopMemory, parseCpu, parseMemory, usageBytes, usageMilliCpu, type Node, type NodeMetrics, type PodMetrics } from "@skiff/api";

/** NAME CPU(cores) CPU(%) MEMORY(bytes) MEMORY(%); a node without a sample shows <unknown>. */
export function topNodesRows(metrics: readonly NodeMetrics[], nodes: readonly Node[]): string[][] {
  const header = ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"];
  const byName = new Map(metrics.map((m) => [m.metadata.name, m]));
  const names = [...new Set([...nodes.map((n) => n.metadata.name), ...byName.keys()])].sort();
  const rows = names.map((name) => {
    const m = byName.get(name);
    if (!m) return [name, "<unknown>", "<unknown>", "<unknown>", "<unknown>"];
    const node = nodes.find((n) => n.metadata.name === name);
    const offered = node?.status?.allocatable ?? node?.status?.capacity;
    const cpu = usageMilliCpu(m.usage);
    const memory = usageBytes(m.usage);
    const cpuTotal = offered?.cpu !== undefined ? parseCpu(offered.cpu) : undefined;
    const memoryTotal = offered?.memory !== undefined ? parseMemory(offered.memory) : undefined;
    return [name, formatTopCpu(cpu), formatPercent(cpu, cpuTotal), formatTopMemory(memory), formatPercent(memory, memoryTotal)];
  });
  return [header, ...rows];
}

export interface TopPodsOptions {
  withNamespace?: boolean;
  /** One row per container (`--containers`). */
  containers?: boolean;
}

/** [NAMESPACE] NAME CPU(cores) MEMORY(bytes), or with --containers [NAMESPACE] POD NAME CPU MEMORY. */
export function topPodsRows(metrics: readonly PodMetrics[], o: TopPodsOptions = {}): string[][] {
  const ns = (p: PodMetrics) => (o.withNamespace ? [p.metadata.namespace] : []);
  if (o.containers) {
    const header = [...(o.withNamespace ? ["NAMESPACE"] : []), "POD", "NAME", "CPU(cores)", "MEMORY(bytes)"];
    return [header, ...metrics.flatMap((p) => p.containers.map((c) => [...ns(p), p.metadata.name, c.name, formatTopCpu(usageMilliCpu(c.usage)), formatTopMemory(usageBytes(c.usage))]))];
  }
  const header = [...(o.withNamespace ? ["NAMESPACE"] : []), "NAME", "CPU(cores)", "MEMORY(bytes)"];
  return [
    header,
    ...metrics.map((p) => {
      const cpu = p.containers.reduce((n, c) => n + usageMilliCpu(c.usage), 0);
      const memory = p.containers.reduce((n, c) => n + usageBytes(c.usage), 0);
      return [...ns(p), p.metadata.name, formatTopCpu(cpu), formatTopMemory(memory)];
    }),
  ];
}
