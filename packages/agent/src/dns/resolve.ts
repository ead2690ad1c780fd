// What the node's DNS answers for a name (pure): the cluster's names from its Services and
// Endpoints, "forward" for everything else. Like Kubernetes' DNS it answers fully qualified names
// only; a pod's resolver reaches `web` and `web.default` through its search domains
// (`<ns>.svc.cluster.local svc.cluster.local cluster.local`), asking `web.<ns>.svc.cluster.local`.
//
//   <svc>.<ns>.svc.cluster.local          -> the Service's node-local address
//                                            (headless: every ready pod's IP)
//   <hostname>.<svc>.<ns>.svc.cluster.local -> that pod's IP (headless Service; StatefulSet pods)
import type { Endpoints, Service } from "@skiff/api";
import { serviceAddress } from "../network/node-network.js";
import { TYPE } from "./wire.js";

export const CLUSTER_DOMAIN = "cluster.local";
/** Short, so a pod sees a changed Service soon; answers are cheap to ask again. */
export const CLUSTER_TTL = 5;

export interface DnsView {
  services: readonly Service[];
  endpoints: readonly Endpoints[];
  nodeIndex: number;
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
  if (hostname !== undefined) {
    if (!headless) return NXDOMAIN;
    addresses = readyAddresses(view.endpoints, svcName, ns).filter((a) => a.hostname === hostname).map((a) => a.ip);
    if (addresses.length === 0) return NXDOMAIN;
  } else if (headless) {
    addresses = readyAddresses(view.endpoints, svcName, ns).map((a) => a.ip);
  } else {
    const address = serviceAddress(view.nodeIndex, svc.spec.clusterIP);
    addresses = address ? [address] : [];
  }
  // The name exists: other types (AAAA: no IPv6 here) get an empty NOERROR, not NXDOMAIN, so a
  // resolver asking A and AAAA together keeps the A answer.
  const wantsA = type === TYPE.A || type === TYPE.ANY;
  return { kind: "answer", rcode: "NOERROR", addresses: wantsA ? [...new Set(addresses)] : [] };
}

function readyAddresses(endpoints: readonly Endpoints[], name: string, ns: string): { ip: string; hostname?: string }[] {
  const eps = endpoints.find((e) => e.metadata.name === name && (e.metadata.namespace ?? "default") === ns);
  return (eps?.subsets ?? []).flatMap((s) => s.addresses ?? []);
}
