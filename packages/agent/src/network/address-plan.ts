// What `ip addr` changes bring a bridge interface to the wanted Service addresses (pure).
// Only /32s inside the node's managed ranges (its service range and its headless range) count as
// ours: the bridge's own gateway address (a /23), its IPv6 link-local address and anything an
// operator added elsewhere are left alone.
import { inCidr } from "./node-network.js";

export interface InterfaceAddress {
  family: "inet" | "inet6";
  local: string;
  prefixlen: number;
}

export interface AddressPlan {
  add: string[];
  remove: string[];
}

export function addressPlan(current: InterfaceAddress[], wanted: Iterable<string>, ranges: string | readonly string[]): AddressPlan {
  const managed = typeof ranges === "string" ? [ranges] : ranges;
  const inRanges = (ip: string) => managed.some((r) => inCidr(ip, r));
  const want = new Set([...wanted].filter(inRanges));
  const ours = new Set(current.filter((a) => a.family === "inet" && a.prefixlen === 32 && inRanges(a.local)).map((a) => a.local));
  return {
    add: [...want].filter((ip) => !ours.has(ip)).sort(),
    remove: [...ours].filter((ip) => !want.has(ip)).sort(),
  };
}

/** Reads `ip -j addr show dev X` (an array with one entry per interface). */
export function parseIpAddrJson(json: string): InterfaceAddress[] {
  const links = JSON.parse(json || "[]") as { addr_info?: { family?: string; local?: string; prefixlen?: number }[] }[];
  const out: InterfaceAddress[] = [];
  for (const link of links) {
    for (const a of link.addr_info ?? []) {
      if ((a.family === "inet" || a.family === "inet6") && typeof a.local === "string" && typeof a.prefixlen === "number") {
        out.push({ family: a.family, local: a.local, prefixlen: a.prefixlen });
      }
    }
  }
  return out;
}
