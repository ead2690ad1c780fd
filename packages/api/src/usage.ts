// Resource usage as the metrics.k8s.io/v1beta1 API has it (what `kubectl top` reads): NodeMetrics
// and PodMetrics, and the cells `skiff top` prints. Agents measure (Docker stats), the server
// keeps the latest sample in memory, and both API edges serve these shapes.
import { parseCpu, parseMemory } from "./quantity.js";

export const METRICS_API_VERSION = "metrics.k8s.io/v1beta1";

export interface Usage {
  /** Nanocores as Kubernetes writes them: `250000000n`. */
  cpu: string;
  /** Kibibytes as metrics-server writes them: `65536Ki`. */
  memory: string;
}

export interface NodeMetrics {
  apiVersion: typeof METRICS_API_VERSION;
  kind: "NodeMetrics";
  metadata: { name: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string;
  /** The window CPU was averaged over (`10s`). */
  window: string;
  usage: Usage;
}

export interface PodMetrics {
  apiVersion: typeof METRICS_API_VERSION;
  kind: "PodMetrics";
  metadata: { name: string; namespace: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string;
  window: string;
  containers: { name: string; usage: Usage }[];
}

/** A sample in plain numbers: nanocores and bytes. */
export function toUsage(cpuNanoCores: number, memoryBytes: number): Usage {
  return { cpu: `${Math.round(cpuNanoCores)}n`, memory: `${Math.round(memoryBytes / 1024)}Ki` };
}

/** Millicores, rounded as kubectl top prints them. */
export function usageMilliCpu(u: Usage): number {
  return Math.round(parseCpuExact(u.cpu) * 1000);
}

export function usageBytes(u: Usage): number {
  return parseMemory(u.memory);
}

/** `kubectl top`'s CPU(cores) cell: `250m`. */
export function formatTopCpu(milli: number): string {
  return `${milli}m`;
}

/** `kubectl top`'s MEMORY(bytes) cell: whole mebibytes, `64Mi`. */
export function formatTopMemory(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)}Mi`;
}

/** A percentage of `total` as kubectl top prints it (`12%`); `<unknown>` without a total. */
export function formatPercent(used: number, total: number | undefined): string {
  return total ? `${Math.round((used * 100) / total)}%` : "<unknown>";
}

/** `123456789n` -> 0.123456789 cores (parseCpu rounds up to whole millicores; top rounds to nearest). */
function parseCpuExact(q: string): number {
  const nano = /^(\d+)n$/.exec(q);
  if (nano) return Number(nano[1]) / 1e9;
  return parseCpu(q) / 1000;
}
