// The Node object an agent's registration produces. Pure. The agent owns labels, capacity,
// addresses and node info; users own spec (cordon, taints); the server owns the Ready condition.
import type { Node, NodeAddress, NodeCondition, NodeStatus } from "@skiff/api";
import { AGENT_ENDPOINT_ANNOTATION, ARCH_LABEL, HOSTNAME_LABEL, OS_LABEL, SIMULATED_NODE_LABEL, formatCpu, formatMemory } from "@skiff/api";

export interface Registration {
  nodeName: string;
  labels: Record<string, string>;
  cpuMilli: number;
  memoryBytes: number;
  pods: number;
  addresses: NodeAddress[];
  agentVersion: string;
  runtimeVersion: string;
  os: string;
  arch: string;
  agentEndpoint: string;
  /** Kept in the server's memory only (sessions.ts), never in the Node object. */
  agentSecret?: string;
  /** A `skiff sim` node: labelled so, and given no node index or pod subnet (dispatcher.ts). */
  simulated?: boolean;
}

export function registeredNode(reg: Registration, existing: Node | undefined, now: Date, newUid: () => string): Node {
  const resources = { cpu: formatCpu(reg.cpuMilli), memory: formatMemory(reg.memoryBytes), pods: String(reg.pods) };
  const status: NodeStatus = {
    ...existing?.status,
    capacity: resources,
    allocatable: resources,
    addresses: reg.addresses,
    nodeInfo: {
      kubeletVersion: `skiff-agent/${reg.agentVersion}`,
      containerRuntimeVersion: reg.runtimeVersion,
      operatingSystem: reg.os,
      architecture: reg.arch,
    },
    conditions: withReady(existing?.status?.conditions, "True", "AgentReady", "skiff agent is posting ready status", now),
  };
  const labels = {
    ...reg.labels,
    [HOSTNAME_LABEL]: reg.nodeName,
    [OS_LABEL]: reg.os,
    [ARCH_LABEL]: reg.arch,
    ...(reg.simulated ? { [SIMULATED_NODE_LABEL]: "true" } : {}),
  };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      ...existing?.metadata,
      name: reg.nodeName,
      uid: existing?.metadata.uid ?? newUid(),
      creationTimestamp: existing?.metadata.creationTimestamp ?? now.toISOString(),
      labels,
      annotations: { ...existing?.metadata.annotations, [AGENT_ENDPOINT_ANNOTATION]: reg.agentEndpoint },
    },
    spec: existing?.spec ?? {},
    status,
  };
}

/** Replace the Ready condition, keeping lastTransitionTime when the status did not change. */
export function withReady(
  conditions: NodeCondition[] | undefined,
  status: "True" | "False" | "Unknown",
  reason: string,
  message: string,
  now: Date,
): NodeCondition[] {
  const others = (conditions ?? []).filter((c) => c.type !== "Ready");
  const before = conditions?.find((c) => c.type === "Ready");
  const lastTransitionTime = before?.status === status && before.lastTransitionTime ? before.lastTransitionTime : now.toISOString();
  return [...others, { type: "Ready", status, reason, message, lastHeartbeatTime: now.toISOString(), lastTransitionTime }];
}

export function isReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}
