// Giving a Service its cluster IP and node ports. Pure: what is taken comes in, the Service with
// its addresses goes out (or a ValidationError in Kubernetes' words). The shell that reads what is
// taken and writes without racing another allocation is service-allocator.ts.
//
//   spec.clusterIP    absent or ""       -> the lowest free address of the range (--service-cluster-ip-range,
//                                           default 10.96.0.0/24: 10.96.0.1 to .254; never the first or last)
//                     "None"             -> headless: no address, nothing allocated
//                     given              -> must be in the range and free
//                     changed on update  -> refused: the field is immutable
//   ports[].nodePort  type NodePort, absent -> the lowest free port of 30000-32767
//                     given              -> must be free (another Service's is refused)
//
// What is taken is derived from the Services themselves (allocationsOf), so deleting a Service
// frees its addresses with nothing else to do.
import { ValidationError, cidrSize, intToIpv4, ipv4ToInt, parseCidr, type FieldIssue, type Service } from "@skiff/api";

export const SERVICE_CIDR = "10.96.0.0/24";
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

/** What is in use, and by which Service (`namespace/name`). */
export interface Allocations {
  clusterIPs: Map<string, string>;
  nodePorts: Map<number, string>;
}

export function serviceKey(svc: Service): string {
  return `${svc.metadata.namespace ?? "default"}/${svc.metadata.name}`;
}

export function allocationsOf(services: readonly Service[]): Allocations {
  const taken: Allocations = { clusterIPs: new Map(), nodePorts: new Map() };
  for (const svc of services) hold(taken, svc);
  return taken;
}

/**
 * `svc` with its cluster IP and node ports filled in. `existing` is the stored Service when this
 * is an update. `taken` is updated to hold the result, so several Services can be allocated in
 * one batch. Throws ValidationError (every problem found, with field paths).
 */
export function allocateService(svc: Service, existing: Service | undefined, taken: Allocations, range = SERVICE_CIDR): Service {
  const key = serviceKey(svc);
  const free = <T>(map: Map<T, string>, value: T) => {
    const holder = map.get(value);
    return holder === undefined || holder === key;
  };
  const issues: FieldIssue[] = [];
  const spec = { ...svc.spec, ports: svc.spec.ports.map((p) => ({ ...p })) };

  const before = existing?.spec.clusterIP;
  const wanted = spec.clusterIP || undefined;
  if (before && wanted !== undefined && wanted !== before) {
    issues.push(invalid("spec.clusterIP", JSON.stringify(wanted), "field is immutable"));
  } else if (wanted === undefined) {
    const ip = before ?? lowestFreeIP(range, (ip) => free(taken.clusterIPs, ip));
    if (ip === undefined) issues.push({ path: "spec.clusterIP", message: `failed to allocate a serviceIP: range is full (every address of ${range} is in use)` });
    else spec.clusterIP = ip;
  } else if (wanted !== "None" && wanted !== before) {
    if (!inServiceRange(wanted, range)) {
      issues.push(invalid("spec.clusterIP", JSON.stringify(wanted), `provided IP is not in the valid range. The range of valid IPs is ${range}`));
    } else if (!free(taken.clusterIPs, wanted)) {
      issues.push(invalid("spec.clusterIP", JSON.stringify(wanted), "provided IP is already allocated"));
    }
  }

  if ((spec.type ?? "ClusterIP") === "NodePort") {
    const inThisService = new Set<string>();
    spec.ports.forEach((p, i) => {
      const path = `spec.ports[${i}].nodePort`;
      if (p.nodePort === undefined) return;
      const own = `${p.nodePort}/${p.protocol ?? "TCP"}`;
      if (inThisService.has(own)) issues.push(invalid(path, String(p.nodePort), "duplicate node port"));
      else if (!free(taken.nodePorts, p.nodePort)) issues.push(invalid(path, String(p.nodePort), "provided port is already allocated"));
      inThisService.add(own);
    });
    const chosen = new Set(spec.ports.map((p) => p.nodePort));
    for (const p of spec.ports) {
      if (p.nodePort !== undefined) continue;
      const port = lowestFreePort((n) => !chosen.has(n) && free(taken.nodePorts, n));
      if (port === undefined) {
        issues.push({ path: `spec.ports[${spec.ports.indexOf(p)}].nodePort`, message: `failed to allocate a nodePort: range ${NODE_PORT_MIN}-${NODE_PORT_MAX} is full` });
        continue;
      }
      p.nodePort = port;
      chosen.add(port);
    }
  }

  if (issues.length > 0) throw new ValidationError(issues);
  const allocated: Service = { ...svc, spec };
  release(taken, key);
  hold(taken, allocated);
  return allocated;
}

/** In the range, and neither its first (network) nor its last (broadcast) address. */
export function inServiceRange(ip: string, range = SERVICE_CIDR): boolean {
  const hosts = hostsOf(range);
  const n = ipv4ToInt(ip);
  return n !== undefined && n >= hosts.first && n <= hosts.last;
}

function hostsOf(range: string): { first: number; last: number } {
  const c = parseCidr(range);
  if (typeof c === "string") throw new Error(`bug: the Service range was not checked at start: ${c}`);
  return { first: c.base + 1, last: c.base + cidrSize(c.prefix) - 2 };
}

// Kubernetes' words: `spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated`.
function invalid(path: string, value: string, why: string): FieldIssue {
  return { path, message: `Invalid value: ${value}: ${why}` };
}

function lowestFreeIP(range: string, isFree: (ip: string) => boolean): string | undefined {
  const { first, last } = hostsOf(range);
  for (let n = first; n <= last; n++) if (isFree(intToIpv4(n))) return intToIpv4(n);
  return undefined;
}

function lowestFreePort(isFree: (port: number) => boolean): number | undefined {
  for (let n = NODE_PORT_MIN; n <= NODE_PORT_MAX; n++) if (isFree(n)) return n;
  return undefined;
}

function hold(taken: Allocations, svc: Service): void {
  const key = serviceKey(svc);
  const ip = svc.spec?.clusterIP;
  if (ip && ip !== "None") taken.clusterIPs.set(ip, key);
  if ((svc.spec?.type ?? "ClusterIP") !== "NodePort") return;
  for (const p of svc.spec.ports ?? []) if (p.nodePort !== undefined) taken.nodePorts.set(p.nodePort, key);
}

function release(taken: Allocations, key: string): void {
  for (const [ip, holder] of taken.clusterIPs) if (holder === key) taken.clusterIPs.delete(ip);
  for (const [port, holder] of taken.nodePorts) if (holder === key) taken.nodePorts.delete(port);
}
