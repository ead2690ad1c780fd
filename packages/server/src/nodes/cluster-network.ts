// The cluster's address plan, as Kubernetes has it (docs/networking.md): --cluster-cidr is cut
// into blocks of --node-cidr-mask-size, one per node (its spec.podCIDR); Services' cluster IPs
// come from --service-cluster-ip-range. Pure: the flags come in, a checked plan or a
// ValidationError naming the flag goes out.
//
// Block 0 of the cluster range is never given (index 0 means "no subnet": a simulated node), so
// node i, 1 <= i < 2^(mask - prefix), owns block i. Each block holds the node's pods in its first
// half and a node-local copy of the Service range in its second, so the Service range may be at
// most half a block. The defaults (10.240.0.0/12, /23, 10.96.0.0/24) give 2,047 nodes, each with
// 126 pod IPs, and 254 Services; a node registered under skiff's old fixed plan (node i owned
// 10.244.2i.0/23) keeps its subnet, which is a block of 10.240.0.0/12 too.
import { ValidationError, cidrSize, cidrsOverlap, formatCidr, parseCidr, subnetAt, type Cidr, type FieldIssue } from "@skiff/api";

export interface ClusterNetworkFlags {
  clusterCIDR?: string;
  nodeCIDRMaskSize?: number;
  serviceClusterIPRange?: string;
}

export interface ClusterNetwork {
  cluster: Cidr;
  nodeMaskSize: number;
  services: Cidr;
  /** The highest node index (the number of nodes that can hold a subnet). */
  maxIndex: number;
  clusterCIDR: string;
  serviceCIDR: string;
}

export const DEFAULT_CLUSTER_NETWORK = { clusterCIDR: "10.240.0.0/12", nodeCIDRMaskSize: 23, serviceClusterIPRange: "10.96.0.0/24" } as const;
/** A node's Docker range is a quarter of its block (half of its pod half): at least 8 addresses. */
const MAX_NODE_MASK = 27;

export function clusterNetwork(flags: ClusterNetworkFlags = {}): ClusterNetwork {
  const f = { ...DEFAULT_CLUSTER_NETWORK, ...defined(flags) };
  const issues: FieldIssue[] = [];
  const cluster = parseCidr(f.clusterCIDR);
  const services = parseCidr(f.serviceClusterIPRange);
  const mask = f.nodeCIDRMaskSize;
  if (typeof cluster === "string") issues.push({ path: "--cluster-cidr", message: cluster });
  if (typeof services === "string") issues.push({ path: "--service-cluster-ip-range", message: services });
  if (!Number.isInteger(mask) || mask < 1 || mask > MAX_NODE_MASK) {
    issues.push({ path: "--node-cidr-mask-size", message: `${mask} must be a whole number from 1 to ${MAX_NODE_MASK} (a node needs room for its pods and its copy of the Service range)` });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  const c = cluster as Cidr;
  const s = services as Cidr;
  if (mask <= c.prefix) {
    issues.push({ path: "--node-cidr-mask-size", message: `/${mask} is not smaller than --cluster-cidr ${f.clusterCIDR}: the range must hold at least two node blocks (block 0 is never given)` });
  } else if (mask - c.prefix > 24) {
    issues.push({ path: "--node-cidr-mask-size", message: `/${mask} cuts ${f.clusterCIDR} into ${2 ** (mask - c.prefix)} blocks; at most 2^24 (use a larger mask size or a smaller range)` });
  }
  if (s.prefix < mask + 1) {
    issues.push({ path: "--service-cluster-ip-range", message: `${f.serviceClusterIPRange} (${cidrSize(s.prefix)} addresses) does not fit in half a node block (/${mask + 1}, ${cidrSize(mask + 1)} addresses), where each node keeps its copy of the Service addresses: use a /${mask + 1} or smaller, or a smaller --node-cidr-mask-size` });
  } else if (s.prefix > 30) {
    issues.push({ path: "--service-cluster-ip-range", message: `${f.serviceClusterIPRange} holds no Service address: use a /30 or larger` });
  }
  if (cidrsOverlap(c, s)) issues.push({ path: "--service-cluster-ip-range", message: `${f.serviceClusterIPRange} overlaps --cluster-cidr ${f.clusterCIDR}` });
  if (issues.length > 0) throw new ValidationError(issues);
  return { cluster: c, nodeMaskSize: mask, services: s, maxIndex: 2 ** (mask - c.prefix) - 1, clusterCIDR: formatCidr(c), serviceCIDR: formatCidr(s) };
}

/** Node `index`'s block of the cluster range: its spec.podCIDR. */
export function podCIDRFor(net: ClusterNetwork, index: number): string {
  return formatCidr(subnetAt(net.cluster, net.nodeMaskSize, index));
}

/** The index whose block `podCIDR` is, when it is one of this plan's (1..maxIndex); else undefined. */
export function indexOfPodCIDR(net: ClusterNetwork, podCIDR: string | undefined): number | undefined {
  const c = parseCidr(podCIDR ?? "");
  if (typeof c === "string" || c.prefix !== net.nodeMaskSize) return undefined;
  const offset = c.base - net.cluster.base;
  const i = offset / cidrSize(net.nodeMaskSize);
  return offset >= 0 && Number.isInteger(i) && i >= 1 && i <= net.maxIndex ? i : undefined;
}

function defined(flags: ClusterNetworkFlags): ClusterNetworkFlags {
  return Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
}
