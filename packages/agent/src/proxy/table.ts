// What the proxy should listen on, from the Services and Endpoints a node knows (pure).
// kube-proxy's userspace mode in a table: one listener per Service port on the Service's
// node-local address, one more per NodePort on the node's address, each with the ready
// endpoints it may forward to.
import type { Endpoints, Service } from "@skiff/api";
import { serviceAddress } from "../network/node-network.js";
import { endpointPorts } from "./endpoint-ports.js";

export interface ProxyNode {
  /** The node's index (skiff.dev/node-index): picks its service range. */
  index: number;
  /** The node's address: NodePorts listen here. */
  address: string;
}

/** One listener the proxy should hold. */
export interface ProxyRule {
  address: string;
  port: number;
  /** TCP only for now: UDP Service ports are skipped. */
  protocol: "TCP";
  /** `host:port` of every ready endpoint, in Endpoints order. */
  backends: string[];
  /** `namespace/name:port` of the Service, for logs. */
  service: string;
}

export function ruleKey(r: { address: string; port: number; protocol: string }): string {
  return `${r.address}:${r.port}/${r.protocol}`;
}

export function proxyTable(services: Iterable<Service>, endpoints: Iterable<Endpoints>, node: ProxyNode): ProxyRule[] {
  const byKey = new Map<string, Endpoints>();
  for (const e of endpoints) byKey.set(`${e.metadata.namespace ?? "default"}/${e.metadata.name}`, e);
  const rules = new Map<string, ProxyRule>();
  const add = (r: ProxyRule) => {
    // The server refuses clashing NodePorts; should two arrive anyway, the first one keeps it.
    if (!rules.has(ruleKey(r))) rules.set(ruleKey(r), r);
  };
  for (const svc of services) {
    const address = serviceAddress(node.index, svc.spec.clusterIP);
    if (!address) continue; // headless (DNS only) or no clusterIP yet
    const ns = svc.metadata.namespace ?? "default";
    const eps = byKey.get(`${ns}/${svc.metadata.name}`);
    for (const p of svc.spec.ports) {
      if ((p.protocol ?? "TCP") !== "TCP") continue;
      const service = `${ns}/${svc.metadata.name}:${p.name ?? p.port}`;
      const backends = eps ? readyBackends(eps, p.name) : [];
      add({ address, port: p.port, protocol: "TCP", backends, service });
      if (svc.spec.type === "NodePort" && p.nodePort) add({ address: node.address, port: p.nodePort, protocol: "TCP", backends, service });
    }
  }
  return [...rules.values()];
}

/** The published `host:port` of every ready address, for the Endpoints port named like the Service port. */
function readyBackends(eps: Endpoints, portName: string | undefined): string[] {
  const lookup = endpointPorts(eps);
  const out = new Set<string>();
  for (const subset of eps.subsets ?? []) {
    // The endpoints controller names each Endpoints port after its Service port.
    const port = subset.ports?.find((p) => (p.name ?? "") === (portName ?? "") && (p.protocol ?? "TCP") === "TCP");
    if (!port) continue;
    for (const a of subset.addresses ?? []) {
      const target = lookup(a.ip, port.port, "TCP");
      if (target) out.add(target); // not published (yet): unreachable from here, so no backend
    }
  }
  return [...out];
}
