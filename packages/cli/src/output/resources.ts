// What the pods on a node ask for, summed: the CPU/MEMORY/PODS columns of `get nodes` and the
// "Allocated resources" of `describe node`. The same arithmetic as the scheduler's fit check:
// a container's request is its `requests`, else its `limits`; finished pods hold nothing.
import { formatCpu, formatMemory, isTerminalPhase, parseCpu, parseMemory, type Node, type Pod, type ResourceList } from "@skiff/api";

/** Kubernetes' default when a node does not report `pods`. */
export const DEFAULT_MAX_PODS = 110;

/** Millicores and bytes. */
export interface Amounts {
  cpu: number;
  memory: number;
}

export interface PodResources {
  requests: Amounts;
  limits: Amounts;
}

export interface NodeAllocation {
  /** What the scheduler may place: status.allocatable, else status.capacity (undefined: not reported). */
  allocatable: { cpu?: number; memory?: number; pods: number };
  requests: Amounts;
  limits: Amounts;
  /** The non-terminated pods bound to the node. */
  pods: Pod[];
}

function quantity(parse: (q: string) => number, q: string | undefined): number | undefined {
  if (q === undefined) return undefined;
  try {
    return parse(q);
  } catch {
    return undefined; // stored objects were validated; a bad value counts as nothing rather than failing `get`
  }
}

function sum(lists: (ResourceList | undefined)[], fallback: (ResourceList | undefined)[] = []): Amounts {
  let cpu = 0;
  let memory = 0;
  lists.forEach((list, i) => {
    cpu += quantity(parseCpu, list?.cpu ?? fallback[i]?.cpu) ?? 0;
    memory += quantity(parseMemory, list?.memory ?? fallback[i]?.memory) ?? 0;
  });
  return { cpu, memory };
}

export function podResources(pod: Pod): PodResources {
  const containers = pod.spec?.containers ?? [];
  const limits = containers.map((c) => c.resources?.limits);
  return { requests: sum(containers.map((c) => c.resources?.requests), limits), limits: sum(limits) };
}

/** Pods bound to the node that still hold their resources (phase neither Succeeded nor Failed). */
export function podsOnNode(pods: readonly Pod[], nodeName: string): Pod[] {
  return pods.filter((p) => p.spec?.nodeName === nodeName && !isTerminalPhase(p.status?.phase));
}

export function nodeAllocation(node: Node, allPods: readonly Pod[]): NodeAllocation {
  const list = node.status?.allocatable ?? node.status?.capacity ?? {};
  const pods = podsOnNode(allPods, node.metadata.name);
  const requests = { cpu: 0, memory: 0 };
  const limits = { cpu: 0, memory: 0 };
  for (const pod of pods) {
    const r = podResources(pod);
    requests.cpu += r.requests.cpu;
    requests.memory += r.requests.memory;
    limits.cpu += r.limits.cpu;
    limits.memory += r.limits.memory;
  }
  const maxPods = list.pods !== undefined ? Math.floor(Number(list.pods)) : NaN;
  return {
    allocatable: {
      cpu: quantity(parseCpu, list.cpu),
      memory: quantity(parseMemory, list.memory),
      pods: Number.isFinite(maxPods) ? maxPods : DEFAULT_MAX_PODS,
    },
    requests,
    limits,
    pods,
  };
}

/** Bytes, shortest exact form: `256Mi`, `100M`, else plain bytes (as Kubernetes prints quantities). */
export function memoryString(bytes: number): string {
  const binary = formatMemory(bytes);
  if (binary !== String(bytes) || bytes === 0) return binary;
  for (const [suffix, size] of [["G", 1e9], ["M", 1e6], ["k", 1e3]] as const) {
    if (bytes % size === 0) return `${bytes / size}${suffix}`;
  }
  return String(bytes);
}

export const cpuString = formatCpu;

/** `500m/2`, `256Mi/4Gi`: used / available, `?` when the node reports no figure. */
export function usedOf(used: number, available: number | undefined, format: (n: number) => string): string {
  return `${format(used)}/${available === undefined ? "?" : format(available)}`;
}

/** kubectl's whole percentage (rounded down), or empty when there is nothing to compare with. */
export function percent(used: number, available: number | undefined): string {
  return available ? `${Math.floor((used / available) * 100)}%` : "";
}
