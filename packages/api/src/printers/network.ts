// A Service's CLUSTER-IP, EXTERNAL-IP and PORT(S), and an Endpoints' address list, as kubectl
// prints them (printers.go printService, formatEndpoints).
import type { Endpoints, Service } from "../types.js";
import { NONE } from "./labels.js";

/** Fields of Kubernetes' ServiceSpec/Status that skiff does not model, read when present. */
interface ServiceExtras {
  clusterIPs?: string[];
  externalIPs?: string[];
  externalName?: string;
}

/** CLUSTER-IP: the first of `clusterIPs`, else `clusterIP` (`None` for a headless Service). */
export function serviceClusterIP(svc: Service): string {
  const spec = svc.spec as (Service["spec"] & ServiceExtras) | undefined;
  return spec?.clusterIPs?.[0] || spec?.clusterIP || NONE;
}

/**
 * EXTERNAL-IP: the Service's `externalIPs`, else <none>; a LoadBalancer shows its ingress addresses
 * (`<pending>` until it has one); an ExternalName its name. skiff has no load balancers.
 */
export function serviceExternalIP(svc: Service): string {
  const spec = (svc.spec ?? {}) as Service["spec"] & ServiceExtras;
  const external = spec.externalIPs ?? [];
  const type = spec.type as string | undefined;
  if (type === "ExternalName") return spec.externalName ?? "";
  if (type === "LoadBalancer") {
    const lb = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || "").filter(Boolean);
    const all = [...new Set(lb)].sort().concat(external);
    return all.length ? all.join(",") : "<pending>";
  }
  return external.length ? external.join(",") : NONE;
}

/** PORT(S): `80/TCP`, or `80:30080/TCP` when a NodePort is open too; <none> without ports. */
export function servicePorts(svc: Service): string {
  const ports = (svc.spec?.ports ?? []).map((p) => {
    const node = p.nodePort ? `:${p.nodePort}` : "";
    return `${p.port}${node}/${p.protocol ?? "TCP"}`;
  });
  return ports.length ? ports.join(",") : NONE;
}

/** `10.0.0.1:80`, `[fd00::1]:80`: an address and port as Go's net.JoinHostPort writes them. */
function hostPort(ip: string, port: number): string {
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * ENDPOINTS: the ready addresses with each port (per port, then per address, as kubectl), the
 * first `max` shown and the rest counted (`+ 2 more...`), so one busy Service cannot flood the
 * table; a headless subset without ports lists bare IPs.
 */
export function endpointList(ep: Endpoints, max = 3): string {
  const all: string[] = [];
  for (const subset of ep.subsets ?? []) {
    const addresses = subset.addresses ?? [];
    if (!subset.ports?.length) all.push(...addresses.map((a) => a.ip));
    for (const p of subset.ports ?? []) all.push(...addresses.map((a) => hostPort(a.ip, p.port)));
  }
  if (all.length === 0) return NONE;
  const shown = all.slice(0, max).join(",");
  return all.length > max ? `${shown} + ${all.length - max} more...` : shown;
}
