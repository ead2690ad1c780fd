// IPv4 address ranges as numbers: the arithmetic behind --cluster-cidr, --node-cidr-mask-size and
// --service-cluster-ip-range (docs/networking.md). Pure.

export interface Cidr {
  /** The network address, as an unsigned 32-bit number. */
  base: number;
  prefix: number;
}

export function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

export function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** Addresses in a range of this prefix length. */
export const cidrSize = (prefix: number): number => 2 ** (32 - prefix);

/** "10.244.0.0/16" -> its base and prefix; a message naming what is wrong otherwise (no host bits may be set). */
export function parseCidr(text: string): Cidr | string {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(text.trim());
  const ip = m ? ipv4ToInt(m[1]!) : undefined;
  const prefix = m ? Number(m[2]) : NaN;
  if (!m || ip === undefined || !(prefix >= 0 && prefix <= 32)) return `"${text}" is not an IPv4 CIDR like 10.244.0.0/16`;
  const base = ip - (ip % cidrSize(prefix));
  if (base !== ip) return `"${text}" has host bits set: the range it names is ${formatCidr({ base, prefix })}`;
  return { base, prefix };
}

export function formatCidr(c: Cidr): string {
  return `${intToIpv4(c.base)}/${c.prefix}`;
}

/** True when `ip` (dotted IPv4) lies in `cidr` ("a.b.c.d/n", host bits ignored). */
export function inCidr(ip: string, cidr: string | Cidr): boolean {
  const a = ipv4ToInt(ip);
  let c: Cidr | undefined;
  if (typeof cidr === "string") {
    const [base, bits] = cidr.split("/");
    const b = ipv4ToInt(base ?? "");
    const n = Number(bits);
    c = b !== undefined && n >= 0 && n <= 32 ? { base: b - (b % cidrSize(n)), prefix: n } : undefined;
  } else c = cidr;
  return a !== undefined && c !== undefined && a >= c.base && a < c.base + cidrSize(c.prefix);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + cidrSize(b.prefix) && b.base < a.base + cidrSize(a.prefix);
}

/** The `i`th block of prefix `prefix` inside `range` (0-based). */
export function subnetAt(range: Cidr, prefix: number, i: number): Cidr {
  return { base: range.base + i * cidrSize(prefix), prefix };
}
