// Where a node's pods and Services live in IP space (docs/networking.md, "Addresses"). Pure
// arithmetic: node i owns 10.244.(2i).0/23. Docker hands out pod IPs from the first half of its
// first /24 (10.244.(2i).0/25); the second half (10.244.(2i).128/25) holds the per-pod addresses
// of headless Services (pod-addresses.ts); the second /24 holds the node-local address of every
// Service, with the last octet of its clusterIP. The /23 matters: a container sees those
// addresses as on its own link and asks for them by ARP on the bridge, where the host (which
// carries them on the bridge interface) answers.

/** Node indexes 0..127 fit in 10.244.0.0/16 cut into /23s. */
export const MAX_NODE_INDEX = 127;
/** Service identities (`spec.clusterIP`) come from 10.96.0.0/24. */
export const SERVICE_CIDR = "10.96.0.0/24";

export interface NodeNetwork {
  /** The whole node range, e.g. "10.244.6.0/23": the Docker network's subnet. */
  subnet: string;
  /** Where Docker picks pod IPs, e.g. "10.244.6.0/25" (.2 to .127; .1 is the gateway). */
  ipRange: string;
  /** The bridge's own address, e.g. "10.244.6.1": the pods' DNS server. */
  gateway: string;
  /** Node-local Service addresses, e.g. "10.244.7.0/24". */
  serviceRange: string;
  /** Node-local addresses of headless Services' pods, one per (Service, ready pod), e.g. "10.244.6.128/25". */
  headlessRange: string;
}

export function nodeNetwork(nodeIndex: number): NodeNetwork {
  checkIndex(nodeIndex);
  const pods = `10.244.${2 * nodeIndex}`;
  return {
    subnet: `${pods}.0/23`,
    // Networks made before the headless range existed have Docker's range on the whole /24; they
    // are still accepted (only the subnet is compared), and pod-addresses.ts steps around their pods.
    ipRange: `${pods}.0/25`,
    gateway: `${pods}.1`,
    serviceRange: `10.244.${2 * nodeIndex + 1}.0/24`,
    headlessRange: `${pods}.128/25`,
  };
}

/**
 * The node-local address of a Service: `10.96.0.k` -> `10.244.(2i+1).k`. Undefined for a headless
 * Service ("None"), an unallocated one, or an address outside 10.96.0.0/24 (nothing to proxy).
 */
export function serviceAddress(nodeIndex: number, clusterIP: string | undefined): string | undefined {
  checkIndex(nodeIndex);
  const m = /^10\.96\.0\.(\d{1,3})$/.exec(clusterIP ?? "");
  const k = m ? Number(m[1]) : NaN;
  // .0 and .255 are the network and broadcast addresses of the /24: never a Service.
  if (!(k >= 1 && k <= 254)) return undefined;
  return `10.244.${2 * nodeIndex + 1}.${k}`;
}

/** True when `ip` (dotted IPv4) lies in `cidr` ("a.b.c.d/n"). */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  const a = ipv4ToInt(ip);
  const b = ipv4ToInt(base ?? "");
  const n = Number(bits);
  if (a === undefined || b === undefined || !(n >= 0 && n <= 32)) return false;
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

export function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

function checkIndex(nodeIndex: number): void {
  if (!Number.isInteger(nodeIndex) || nodeIndex < 0 || nodeIndex > MAX_NODE_INDEX) {
    throw new RangeError(`node index ${nodeIndex} is outside 0..${MAX_NODE_INDEX} (10.244.0.0/16 holds 128 node /23s)`);
  }
}
