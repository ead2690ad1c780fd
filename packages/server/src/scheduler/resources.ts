// What a pod asks of a node: its resource requests and its host ports. Pure.
import { parseCpu, parseMemory, type Pod, type ResourceList } from "@skiff/api";
import type { HostPort, Resources } from "./types.js";

// Kubernetes scores a container that requests nothing as if it asked for this much
// (pkg/scheduler/util: DefaultMilliCPURequest, DefaultMemoryRequest), so that a node full of
// "free" pods does not look empty. Fit ignores these: such a container requests 0.
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** Kubernetes' default when a node does not report `pods`. */
export const DEFAULT_MAX_PODS = 110;

/**
 * The request for one resource of one container. A container with a limit and no request requests
 * its limit: the Kubernetes API server fills that in, skiff's does not, so we read it here.
 */
function requestOf(resources: { requests?: ResourceList; limits?: ResourceList } | undefined, name: string): string | undefined {
  return resources?.requests?.[name] ?? resources?.limits?.[name];
}

/** The sum of the containers' requests; `pods` is 1. With `nonZero`, the scoring defaults apply. */
export function podRequests(pod: Pod, nonZero = false): Resources {
  const memo = nonZero ? nonZeroRequests : requests;
  let value = memo.get(pod);
  if (value === undefined) remember(memo, pod, (value = sumRequests(pod, nonZero)));
  return value;
}

/** The host ports the pod's containers publish (those with a hostPort). */
export function podHostPorts(pod: Pod): HostPort[] {
  let value = hostPorts.get(pod);
  if (value === undefined) remember(hostPorts, pod, (value = listHostPorts(pod)));
  return value;
}

// A decision asks these of one pod for every node it looks at (420 of 1,000): computed once per
// pod object. Only frozen pods (the informers' own, from the store) are remembered: they cannot change.
const requests = new WeakMap<Pod, Resources>();
const nonZeroRequests = new WeakMap<Pod, Resources>();
const hostPorts = new WeakMap<Pod, HostPort[]>();

function remember<T>(memo: WeakMap<Pod, T>, pod: Pod, value: T): void {
  if (Object.isFrozen(pod)) memo.set(pod, value);
}

function sumRequests(pod: Pod, nonZero: boolean): Resources {
  let milliCpu = 0;
  let memory = 0;
  for (const c of pod.spec.containers) {
    const cpu = requestOf(c.resources, "cpu");
    const mem = requestOf(c.resources, "memory");
    milliCpu += cpu !== undefined ? parseCpu(cpu) : nonZero ? DEFAULT_MILLI_CPU_REQUEST : 0;
    memory += mem !== undefined ? parseMemory(mem) : nonZero ? DEFAULT_MEMORY_REQUEST : 0;
  }
  return { milliCpu, memory, pods: 1 };
}

function listHostPorts(pod: Pod): HostPort[] {
  const ports: HostPort[] = [];
  for (const c of pod.spec.containers) {
    for (const p of c.ports ?? []) {
      if (p.hostPort) ports.push({ hostIP: p.hostIP ?? "", protocol: p.protocol ?? "TCP", port: p.hostPort });
    }
  }
  return ports;
}

const ANY_IP = new Set(["", "0.0.0.0", "::"]);

/** Two host ports clash on one node: same port and protocol, and the same address or a wildcard. */
export function portsConflict(a: HostPort, b: HostPort): boolean {
  if (a.port !== b.port || a.protocol !== b.protocol) return false;
  return a.hostIP === b.hostIP || ANY_IP.has(a.hostIP) || ANY_IP.has(b.hostIP);
}

export function addResources(a: Resources, b: Resources): Resources {
  return { milliCpu: a.milliCpu + b.milliCpu, memory: a.memory + b.memory, pods: a.pods + b.pods };
}

export const NO_RESOURCES: Readonly<Resources> = Object.freeze({ milliCpu: 0, memory: 0, pods: 0 });
