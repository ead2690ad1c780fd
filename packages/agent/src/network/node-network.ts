// Where a node's pods and Services live in IP space (docs/networking.md, "Addresses"). Pure
// arithmetic on the node's pod subnet (spec.podCIDR, a block of the server's --cluster-cidr,
// e.g. 10.240.6.0/23) and the Service range (--service-cluster-ip-range, e.g. 10.96.0.0/24):
//
//   first half of the block     pods: Docker hands out IPs from its first half (10.240.6.0/25),
//                               headless Services' per-pod addresses come from its second (.128/25)
//   second half of the block    the node-local copy of every Service address (10.240.7.0/24):
//                               10.96.0.k -> 10.240.7.k (the offset in the Service range kept)
//
// The whole block matters: a container sees those addresses as on its own link and asks for
// them by ARP on the bridge, where the host (which carries them on the bridge interface) answers.
import { cidrSize, formatCidr, inCidr, intToIpv4, ipv4ToInt, parseCidr, type Cidr } from "@skiff/api/core";

export { inCidr, ipv4ToInt } from "@skiff/api/core";

/** The Service range when the server names none (a server older than --service-cluster-ip-range). */
export const SERVICE_CIDR = "10.96.0.0/24";
/** The pod subnet of node i before --cluster-cidr: 10.244.(2i).0/23 (tests, and `nodeNetwork(i)`). */
export const MAX_NODE_INDEX = 127;

export interface NodeNetwork {
  /** The whole node block, e.g. "10.240.6.0/23": the Docker network's subnet. */
  subnet: string;
  /** Where Docker picks pod IPs, e.g. "10.240.6.0/25" (.2 to .127; .1 is the gateway). */
  ipRange: string;
  /** The bridge's own address, e.g. "10.240.6.1": the pods' DNS server. */
  gateway: string;
  /** Node-local Service addresses, e.g. "10.240.7.0/24". */
  serviceRange: string;
  /** Node-local addresses of headless Services' pods, one per (Service, ready pod), e.g. "10.240.6.128/25". */
  headlessRange: string;
  /** The cluster's Service range, e.g. "10.96.0.0/24": where clusterIPs come from. */
  serviceCIDR: string;
}

/** What serviceAddress needs: the cluster's Service range and this node's copy of it. */
export type ServiceMap = Pick<NodeNetwork, "serviceCIDR" | "serviceRange">;

/** The layout of a node block; throws a RangeError naming what does not fit. */
export function networkFor(podCIDR: string, serviceCIDR = SERVICE_CIDR): NodeNetwork {
  const block = parsed(podCIDR, "pod subnet");
  const services = parsed(serviceCIDR || SERVICE_CIDR, "Service range");
  const half = block.prefix + 1;
  if (block.prefix > 27) throw new RangeError(`pod subnet ${podCIDR} is too small: a node needs a /27 or larger`);
  if (services.prefix < half) throw new RangeError(`Service range ${serviceCIDR} does not fit in half of pod subnet ${podCIDR} (a /${half})`);
  const quarter = (i: number) => formatCidr({ base: block.base + i * cidrSize(half + 1), prefix: half + 1 });
  return {
    subnet: formatCidr(block),
    // Networks made before the headless range existed have Docker's range on the whole pod half;
    // they are still accepted (only the subnet is compared), and pod-addresses.ts steps around their pods.
    ipRange: quarter(0),
    gateway: intToIpv4(block.base + 1),
    serviceRange: formatCidr({ base: block.base + cidrSize(half), prefix: half }),
    headlessRange: quarter(1),
    serviceCIDR: formatCidr(services),
  };
}

/** Node i's layout under skiff's first fixed plan (10.244.(2i).0/23, Services from 10.96.0.0/24). */
export function nodeNetwork(nodeIndex: number): NodeNetwork {
  if (!Number.isInteger(nodeIndex) || nodeIndex < 0 || nodeIndex > MAX_NODE_INDEX) {
    throw new RangeError(`node index ${nodeIndex} is outside 0..${MAX_NODE_INDEX} (10.244.0.0/16 holds 128 node /23s)`);
  }
  return networkFor(`10.244.${2 * nodeIndex}.0/23`, SERVICE_CIDR);
}

/**
 * The node-local address of a Service: its clusterIP's offset in the Service range, in the
 * node's copy of that range (10.96.0.k -> 10.240.7.k). Undefined for a headless Service ("None"),
 * an unallocated one, or an address outside the range or at its ends (nothing to proxy).
 * A number is a node index of the first fixed plan (nodeNetwork).
 */
export function serviceAddress(where: number | ServiceMap, clusterIP: string | undefined): string | undefined {
  const map = typeof where === "number" ? nodeNetwork(where) : where;
  const ip = ipv4ToInt(clusterIP ?? "");
  const services = parseCidr(map.serviceCIDR);
  const local = parseCidr(map.serviceRange);
  if (ip === undefined || typeof services === "string" || typeof local === "string" || !inCidr(clusterIP ?? "", services)) return undefined;
  const offset = ip - services.base;
  // The first and last addresses of the range are its network and broadcast: never a Service.
  if (offset === 0 || offset === cidrSize(services.prefix) - 1) return undefined;
  return intToIpv4(local.base + offset);
}

function parsed(cidr: string, what: string): Cidr {
  const c = parseCidr(cidr);
  if (typeof c === "string") throw new RangeError(`${what}: ${c}`);
  return c;
}
