// What the proxy should listen on, from the Services and Endpoints a node knows (pure).
// kube-proxy's userspace mode in a table: one listener per Service port on the Service's
// node-local address, one more per NodePort on the node's address, each with the ready
// endpoints it may forward to. A headless Service has no address of its own: each of its ready
// pods has one (network/pod-addresses.ts), with one listener per Service port whose only backend
// is that pod.
import type { EndpointPort, EndpointSubset, Endpoints, Service } from "@skiff/api/core";
import { serviceAddress, type ServiceMap } from "../network/node-network.js";
import { isHeadless, podAddressKey } from "../network/pod-addresses.js";
import { endpointPorts } from "./endpoint-ports.js";

export interface ProxyNode {
  /** Where this node's Service addresses are (a number: a node index of the first fixed plan). */
  index: number | ServiceMap;
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
  /** On a headless Service's per-pod address: `namespace/name` of that pod, for logs. */
  pod?: string;
}

export function ruleKey(r: { address: string; port: number; protocol: string }): string {
  return `${r.address}:${r.port}/${r.protocol}`;
}

/**
 * `podAddresses`: the per-pod addresses of headless Services, by podAddressKey() (the node's
 * assignPodAddresses()); a pod without one gets no listener.
 */
export function proxyTable(services: Iterable<Service>, endpoints: Iterable<Endpoints>, node: ProxyNode, podAddresses: ReadonlyMap<string, string> = new Map()): ProxyRule[] {
  const byKey = new Map<string, Endpoints>();
  for (const e of endpoints) byKey.set(`${e.metadata.namespace ?? "default"}/${e.metadata.name}`, e);
  const rules = new Map<string, ProxyRule>();
  const add = (r: ProxyRule) => {
    // The server refuses clashing NodePorts; should two arrive anyway, the first one keeps it.
    if (!rules.has(ruleKey(r))) rules.set(ruleKey(r), r);
  };
  for (const svc of services) {
    if (isHeadless(svc)) {
      const eps = byKey.get(`${svc.metadata.namespace ?? "default"}/${svc.metadata.name}`);
      if (eps) for (const r of perPodRules(svc, eps, podAddresses)) add(r);
      continue;
    }
    const address = serviceAddress(node.index, svc.spec.clusterIP);
    if (!address) continue; // no clusterIP yet
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

/**
 * A headless Service: for each ready pod with a per-pod address, one listener per TCP Service port
 * (the Service's port, e.g. 80) whose one backend is where that pod's target port (e.g. 8080) is
 * published. Not published yet: a listener without backends, as for a Service without endpoints.
 */
function perPodRules(svc: Service, eps: Endpoints, podAddresses: ReadonlyMap<string, string>): ProxyRule[] {
  const ns = svc.metadata.namespace ?? "default";
  const lookup = endpointPorts(eps);
  const rules: ProxyRule[] = [];
  for (const subset of eps.subsets ?? []) {
    for (const a of subset.addresses ?? []) {
      const key = podAddressKey(ns, svc.metadata.name, a);
      const address = key ? podAddresses.get(key) : undefined;
      if (!address) continue;
      for (const p of svc.spec.ports) {
        if ((p.protocol ?? "TCP") !== "TCP") continue;
        const port = subsetPort(subset, p.name);
        if (!port) continue; // this pod lacks the port (a named targetPort it does not have)
        const target = lookup(a.ip, port.port, "TCP");
        rules.push({
          address,
          port: p.port,
          protocol: "TCP",
          backends: target ? [target] : [],
          service: `${ns}/${svc.metadata.name}:${p.name ?? p.port}`,
          pod: `${a.targetRef?.namespace ?? ns}/${a.targetRef?.name ?? a.ip}`,
        });
      }
    }
  }
  return rules;
}

/** The endpoints controller names each Endpoints port after its Service port. */
function subsetPort(subset: EndpointSubset, portName: string | undefined): EndpointPort | undefined {
  return subset.ports?.find((p) => (p.name ?? "") === (portName ?? "") && (p.protocol ?? "TCP") === "TCP");
}

/** The published `host:port` of every ready address, for the Endpoints port named like the Service port. */
function readyBackends(eps: Endpoints, portName: string | undefined): string[] {
  const lookup = endpointPorts(eps);
  const out = new Set<string>();
  for (const subset of eps.subsets ?? []) {
    const port = subsetPort(subset, portName);
    if (!port) continue;
    for (const a of subset.addresses ?? []) {
      const target = lookup(a.ip, port.port, "TCP");
      if (target) out.add(target); // not published (yet): unreachable from here, so no backend
    }
  }
  return [...out];
}
