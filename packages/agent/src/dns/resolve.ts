// What the node's DNS answers for a name (pure): the cluster's names from its Services and
// Endpoints, "forward" for everything else. Like Kubernetes' DNS it answers fully qualified names
// only; a pod's resolver reaches `web` and `web.default` through its search domains
// (`<ns>.svc.cluster.local svc.cluster.local cluster.local`), asking `web.<ns>.svc.cluster.local`.
//
//   <svc>.<ns>.svc.cluster.local          -> the Service's node-local address
//                                            (headless: every ready pod's per-pod address)
//   <hostname>.<svc>.<ns>.svc.cluster.local -> that pod's per-pod address (headless Service;
//                                            StatefulSet pods)
//
// A pod IP is routable only on its own node, so a headless Service's pods are answered with the
// node-local addresses this node gave them (network/pod-addresses.ts), where its proxy forwards
// to that one pod; uniformly, for pods of this node too. An address of hand-written Endpoints
// (no Pod behind it) is answered as it is.
import type { EndpointAddress, Endpoints, Service } from "@skiff/api/core";
import { serviceAddress, type ServiceMap } from "../network/node-network.js";
import { podAddressKey } from "../network/pod-addresses.js";
import { TYPE } from "./wire.js";

export const CLUSTER_DOMAIN = "cluster.local";
/** Short, so a pod sees a changed Service soon; answers are cheap to ask again. */
export const CLUSTER_TTL = 5;

export interface DnsView {
  services: readonly Service[];
  endpoints: readonly Endpoints[];
  /** Where this node's Service addresses are (a number: a node index of the first fixed plan). */
  nodeIndex: number | ServiceMap;
  /** The per-pod addresses of headless Services' pods, by podAddressKey(). */
  podAddresses?: ReadonlyMap<string, string>;
}

export type Resolution =
  /** Ours: answer with these addresses (none: NOERROR with an empty answer, or NXDOMAIN). */
  | { kind: "answer"; rcode: "NOERROR" | "NXDOMAIN"; addresses: string[] }
  /** Not a cluster name: ask the host's resolvers. */
  | { kind: "forward" };

const NXDOMAIN: Resolution = { kind: "answer", rcode: "NXDOMAIN", addresses: [] };

export function resolve(name: string, type: number, view: DnsView): Resolution {
  const fqdn = name.toLowerCase().replace(/\.$/, "");
  if (fqdn !== CLUSTER_DOMAIN && !fqdn.endsWith(`.${CLUSTER_DOMAIN}`)) return { kind: "forward" };
  const labels = fqdn.slice(0, -CLUSTER_DOMAIN.length).split(".").filter(Boolean);
  // labels: [..., svc, ns, "svc"]
  if (labels.at(-1) !== "svc" || (labels.length !== 3 && labels.length !== 4)) return NXDOMAIN;
  const [svcName, ns] = labels.slice(-3, -1) as [string, string];
  const hostname = labels.length === 4 ? labels[0] : undefined;

  const svc = view.services.find((s) => s.metadata.name === svcName && (s.metadata.namespace ?? "default") === ns);
  if (!svc) return NXDOMAIN;
  const headless = svc.spec.clusterIP === "None";
  let addresses: string[];
  const reachable = (a: EndpointAddress) => headlessAddress(a, svc.metadata.name, ns, view.podAddresses);
  if (hostname !== undefined) {
    if (!headless) return NXDOMAIN;
    const pods = readyAddresses(view.endpoints, svc.metadata.name, ns).filter((a) => a.hostname?.toLowerCase() === hostname);
    if (pods.length === 0) return NXDOMAIN;
    // A ready pod left without an address (the node's headless range is full): the name exists.
    addresses = pods.flatMap(reachable);
  } else if (headless) {
    addresses = readyAddresses(view.endpoints, svc.metadata.name, ns).flatMap(reachable);
  } else {
    const address = serviceAddress(view.nodeIndex, svc.spec.clusterIP);
    addresses = address ? [address] : [];
  }
  // The name exists: other types (AAAA: no IPv6 here) get an empty NOERROR, not NXDOMAIN, so a
  // resolver asking A and AAAA together keeps the A answer.
  const wantsA = type === TYPE.A || type === TYPE.ANY;
  return { kind: "answer", rcode: "NOERROR", addresses: wantsA ? [...new Set(addresses)] : [] };
}

/** Where this node reaches a headless Service's address: the pod's per-pod address, if it has one. */
function headlessAddress(a: EndpointAddress, service: string, ns: string, podAddresses: ReadonlyMap<string, string> | undefined): string[] {
  const key = podAddressKey(ns, service, a);
  if (key === undefined) return [a.ip]; // not a pod: hand-written Endpoints, answered as given
  const address = podAddresses?.get(key);
  return address ? [address] : [];
}

function readyAddresses(endpoints: readonly Endpoints[], name: string, ns: string): EndpointAddress[] {
  const eps = endpoints.find((e) => e.metadata.name === name && (e.metadata.namespace ?? "default") === ns);
  return (eps?.subsets ?? []).flatMap((s) => s.addresses ?? []);
}
