// Per-pod addresses of headless Services (docs/networking.md, "Names"), pure. A pod IP is
// routable only on its own node's bridge, so a name like `web-0.web` cannot answer it: instead
// each (headless Service, ready pod) gets a node-local address of its own in the node's headless
// range (10.244.(2i).128/25), which the AddressManager puts on the bridge, the proxy serves like
// a one-endpoint Service, and DNS answers. Every node picks its own, in its own range.
//
// Stable: an address, once given, stays with its (Service, pod) while the pod is ready, whoever
// else comes and goes. A new one starts at a hash of its key (so a restarted agent finds mostly
// the same addresses again) and probes forward to the next free slot.
import type { EndpointAddress, Endpoints, Service } from "@skiff/api/core";
import { inCidr, ipv4ToInt } from "./node-network.js";

/** One ready pod of a headless Service, as its Endpoints list it, that wants an address. */
export interface HeadlessPod {
  /** `namespace/service/pod uid`: what an address is given to (podAddressKey). */
  key: string;
  namespace: string;
  service: string;
  /** The pod's name, for logs. */
  pod: string;
  hostname?: string;
  /** The pod's own IP: the key into the Endpoints' published ports. */
  ip: string;
}

/**
 * What a per-pod address is given to, for an address of a headless Service's Endpoints; undefined
 * for an address that is not a pod's (Endpoints written by hand: those are answered as they are).
 */
export function podAddressKey(namespace: string, service: string, address: EndpointAddress): string | undefined {
  const ref = address.targetRef;
  if (ref?.kind !== "Pod") return undefined;
  const id = ref.uid || ref.name;
  return id ? `${namespace}/${service}/${id}` : undefined;
}

export function isHeadless(svc: Service): boolean {
  return svc.spec.clusterIP === "None";
}

/** The ready pods of every headless Service, in Services then Endpoints order, each once. */
export function headlessPods(services: Iterable<Service>, endpoints: Iterable<Endpoints>): HeadlessPod[] {
  const byKey = new Map<string, Endpoints>();
  for (const e of endpoints) byKey.set(`${e.metadata.namespace ?? "default"}/${e.metadata.name}`, e);
  const out = new Map<string, HeadlessPod>();
  for (const svc of services) {
    if (!isHeadless(svc)) continue;
    const namespace = svc.metadata.namespace ?? "default";
    const service = svc.metadata.name;
    for (const subset of byKey.get(`${namespace}/${service}`)?.subsets ?? []) {
      for (const a of subset.addresses ?? []) {
        const key = podAddressKey(namespace, service, a);
        if (!key || out.has(key)) continue;
        out.set(key, { key, namespace, service, pod: a.targetRef?.name ?? a.ip, ip: a.ip, ...(a.hostname ? { hostname: a.hostname } : {}) });
      }
    }
  }
  return [...out.values()];
}

export interface PodAddressOptions {
  /** The node's headless range, e.g. "10.244.6.128/25": its hosts (.129 to .254) are the slots. */
  range: string;
  /** The last assignment: keys still wanted keep their address. */
  previous?: ReadonlyMap<string, string>;
  /** Addresses never to give (pods that hold them: a node network made with the old, wider range). */
  exclude?: Iterable<string>;
}

export interface PodAddressAssignment {
  /** key -> address, for every key that got one. */
  addresses: Map<string, string>;
  /** Keys left without an address: the range is full. */
  refused: string[];
}

/** Gives each key an address in the range, keeping the ones it had (see the top of this file). */
export function assignPodAddresses(keys: Iterable<string>, o: PodAddressOptions): PodAddressAssignment {
  const [base, bits] = o.range.split("/");
  const first = (ipv4ToInt(base ?? "") ?? NaN) + 1;
  const slots = 2 ** (32 - Number(bits)) - 2; // without the range's own first and last address
  if (!Number.isInteger(first) || !(slots > 0)) throw new RangeError(`bad headless range ${o.range}`);
  const exclude = new Set(o.exclude ?? []);
  const used = new Set<number>();
  const addresses = new Map<string, string>();
  const wanted = [...new Set(keys)].sort();

  // First the keys that already have an address, so that no newcomer can take it.
  const fresh: string[] = [];
  for (const key of wanted) {
    const had = o.previous?.get(key);
    const slot = had !== undefined && inCidr(had, o.range) && !exclude.has(had) ? (ipv4ToInt(had) ?? 0) - first : -1;
    if (slot >= 0 && slot < slots && !used.has(slot)) {
      used.add(slot);
      addresses.set(key, had!);
    } else fresh.push(key);
  }
  for (const ip of exclude) {
    const n = ipv4ToInt(ip);
    if (n !== undefined && n - first >= 0 && n - first < slots) used.add(n - first);
  }

  // Then the new ones, in sorted order: from the hash of the key, the next free slot.
  const refused: string[] = [];
  for (const key of fresh) {
    if (used.size >= slots) {
      refused.push(key);
      continue;
    }
    let slot = fnv1a(key) % slots;
    while (used.has(slot)) slot = (slot + 1) % slots;
    used.add(slot);
    addresses.set(key, intToIpv4(first + slot));
  }
  return { addresses, refused };
}

/** FNV-1a, 32 bits: small, and the same on every run and machine. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}
