// A pod's place on the node's network (docs/networking.md), pure: the infra container joins the
// node's bridge network, asks the agent's DNS responder (the bridge gateway) for names, and
// publishes every container port on the node's address, so that the Service proxy of any node
// reaches it at `hostIP:hostPort`. The status tells where each port landed (`hostPorts`).
import type { Pod, PodHostPort } from "@skiff/api/core";
import type { ContainerInfo, PortBinding } from "../runtime/runtime.js";
import { podNamespace } from "./labels.js";
import type { ServiceMap } from "../network/node-network.js";

/** The node's bridge network, once the agent has made it (PodManager.setNetwork). */
export interface PodNetwork {
  /** Docker network name, `skiff-<node>`. */
  name: string;
  /** The bridge's address: the pods' DNS server. */
  gateway: string;
  /** Where this node's Service addresses are (serviceAddress; a number: a node index of the first fixed plan). */
  nodeIndex: number | ServiceMap;
}

export const CLUSTER_DOMAIN = "cluster.local";

/** As kubelet's ClusterFirst: the agent's DNS server, the namespace's search path, ndots:5. */
export function dnsConfig(pod: Pod, network: PodNetwork): { dns: string[]; dnsSearch: string[]; dnsOptions: string[] } {
  const ns = podNamespace(pod);
  return {
    dns: [network.gateway],
    dnsSearch: [`${ns}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN],
    dnsOptions: ["ndots:5"],
  };
}

/**
 * The infra container's port bindings. `publishAll` (on the node network): every container port,
 * with its hostPort if it has one, else one the engine picks (hostPort 0); otherwise (Docker's
 * default bridge, before the node network exists) only the ports with a hostPort. A port without
 * its own `hostIP` is bound on the node's address.
 */
export function portBindings(pod: Pod, hostIP: string | undefined, publishAll: boolean): PortBinding[] {
  const bindings: PortBinding[] = [];
  const seen = new Set<string>();
  for (const c of pod.spec.containers) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort && !publishAll) continue;
      const protocol = p.protocol ?? "TCP";
      // Two containers naming one port share it (one network namespace): one binding.
      const key = `${p.containerPort}/${protocol}/${p.hostPort ?? 0}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const binding: PortBinding = { containerPort: p.containerPort, protocol, hostPort: p.hostPort ?? 0 };
      const ip = p.hostIP || hostIP;
      if (ip) binding.hostIP = ip;
      bindings.push(binding);
    }
  }
  return bindings;
}

/**
 * `status.hostPorts`: the pod's container ports that the running infra container publishes, in
 * the spec's order, one entry per port (an IPv4 binding preferred: Docker may add `::`).
 */
export function hostPortsStatus(pod: Pod, infra: ContainerInfo | undefined, nodeAddress: string | undefined): PodHostPort[] {
  const published = infra?.ports ?? [];
  const out: PodHostPort[] = [];
  const seen = new Set<string>();
  for (const c of pod.spec.containers) {
    for (const p of c.ports ?? []) {
      const protocol = p.protocol ?? "TCP";
      const key = `${p.containerPort}/${protocol}`;
      if (seen.has(key)) continue;
      const matches = published.filter((b) => b.containerPort === p.containerPort && b.protocol === protocol);
      const binding = matches.find((b) => !b.hostIP.includes(":")) ?? matches[0];
      if (!binding) continue;
      seen.add(key);
      // Bound on every address: the node's is the one others reach.
      const hostIP = binding.hostIP === "" || binding.hostIP === "0.0.0.0" || binding.hostIP === "::" ? (nodeAddress ?? binding.hostIP) : binding.hostIP;
      out.push({ containerPort: p.containerPort, protocol, hostIP, hostPort: binding.hostPort });
    }
  }
  return out;
}
