// Building NodeInfos: a node plus what is placed on it. Immutable: `withPod` returns a new
// NodeInfo, so a scheduling pass can account a bind at once without touching shared state.
import { parseCpu, parseMemory, type Node, type Pod } from "@skiff/api";
import { DEFAULT_MAX_PODS, NO_RESOURCES, addResources, podHostPorts, podRequests } from "./resources.js";
import { controllerUid } from "./pod-state.js";
import type { HostPort, NodeInfo, Resources } from "./types.js";

/** status.allocatable, else status.capacity; a resource the node does not report is 0 (pods: 110). */
export function allocatableOf(node: Node): Resources {
  const list = node.status?.allocatable ?? node.status?.capacity ?? {};
  return {
    milliCpu: list.cpu !== undefined ? parseCpu(list.cpu) : 0,
    memory: list.memory !== undefined ? parseMemory(list.memory) : 0,
    pods: list.pods !== undefined ? Math.floor(Number(list.pods)) : DEFAULT_MAX_PODS,
  };
}

/** The node with the given pods placed on it (the caller picks which: bound and not finished). */
export function nodeInfo(node: Node, pods: readonly Pod[] = []): NodeInfo {
  let requested = NO_RESOURCES;
  let nonZeroRequested = NO_RESOURCES;
  const usedPorts: HostPort[] = [];
  const podsByController = new Map<string, number>();
  for (const pod of pods) {
    requested = addResources(requested, podRequests(pod));
    nonZeroRequested = addResources(nonZeroRequested, podRequests(pod, true));
    usedPorts.push(...podHostPorts(pod));
    countController(podsByController, pod);
  }
  return { node, name: node.metadata.name, allocatable: allocatableOf(node), requested, nonZeroRequested, usedPorts, pods: [...pods], podsByController };
}

/** `info` with one more pod placed on it. */
export function withPod(info: NodeInfo, pod: Pod): NodeInfo {
  return {
    ...info,
    requested: addResources(info.requested, podRequests(pod)),
    nonZeroRequested: addResources(info.nonZeroRequested, podRequests(pod, true)),
    usedPorts: [...info.usedPorts, ...podHostPorts(pod)],
    pods: [...info.pods, pod],
    podsByController: countController(new Map(info.podsByController), pod),
  };
}

function countController(counts: Map<string, number>, pod: Pod): Map<string, number> {
  const uid = controllerUid(pod);
  if (uid) counts.set(uid, (counts.get(uid) ?? 0) + 1);
  return counts;
}

/** The Ready condition is True (a node that never reported one is not ready). */
export function isNodeReady(node: Node): boolean {
  const conditions = node.status?.conditions ?? [];
  for (let i = 0; i < conditions.length; i++) if (conditions[i]!.type === "Ready" && conditions[i]!.status === "True") return true;
  return false;
}
