// Services and the Endpoints that back them.
import type { Endpoints, Service } from "@skiff/api";
import { age } from "../age.js";
import { labelString, NONE, type Columns } from "./types.js";

/** `80/TCP`, or `80:30080/TCP` when a NodePort is open too. */
export function servicePorts(svc: Service): string {
  const ports = (svc.spec?.ports ?? []).map((p) => {
    const node = p.nodePort ? `:${p.nodePort}` : "";
    return `${p.port}${node}/${p.protocol ?? "TCP"}`;
  });
  return ports.length ? ports.join(",") : NONE;
}

const services: Columns = {
  headers: ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
  row: (o, now) => {
    const s = o as Service;
    return [
      s.metadata.name,
      s.spec?.type ?? "ClusterIP",
      s.spec?.clusterIP || NONE,
      // skiff has no load balancers, so nothing outside the cluster is ever assigned.
      NONE,
      servicePorts(s),
      age(s.metadata.creationTimestamp, now),
    ];
  },
  wideHeaders: ["SELECTOR"],
  wideRow: (o) => [labelString((o as Service).spec?.selector)],
};

/** kubectl shows three addresses and counts the rest, so one busy Service cannot flood the table. */
export function endpointList(ep: Endpoints, max = 3): string {
  const all: string[] = [];
  for (const subset of ep.subsets ?? []) {
    const ports = subset.ports?.length ? subset.ports : [undefined];
    for (const a of subset.addresses ?? []) {
      for (const p of ports) all.push(p ? `${a.ip}:${p.port}` : a.ip);
    }
  }
  if (all.length === 0) return NONE;
  const shown = all.slice(0, max).join(",");
  return all.length > max ? `${shown} + ${all.length - max} more...` : shown;
}

const endpoints: Columns = {
  headers: ["NAME", "ENDPOINTS", "AGE"],
  row: (o, now) => [o.metadata.name, endpointList(o as Endpoints), age(o.metadata.creationTimestamp, now)],
};

export const networkColumns: Record<string, Columns> = { Service: services, Endpoints: endpoints };
