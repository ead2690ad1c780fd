// Services and Endpoints: how traffic finds pods.
import type { ApiObject, Endpoints, Service, ServicePort } from "@skiff/api";
import { endpointList } from "../columns/index.js";
import { labelString } from "../columns/types.js";
import type { DescribeContext } from "./context.js";
import type { DescribeWriter } from "./writer.js";

/** kubectl's describe service: each port with its target, node port and ready endpoints. */
export function describeService(obj: ApiObject, w: DescribeWriter, ctx?: DescribeContext): void {
  const svc = obj as Service;
  const endpoints = ctx?.endpoints?.find((e) => e.metadata.name === svc.metadata.name && e.metadata.namespace === svc.metadata.namespace);
  w.field("Selector", labelString(svc.spec?.selector));
  w.field("Type", svc.spec?.type ?? "ClusterIP");
  w.field("IP", svc.spec?.clusterIP);
  for (const p of svc.spec?.ports ?? []) {
    const name = p.name ? `${p.name}  ` : "<unset>  ";
    const protocol = p.protocol ?? "TCP";
    w.field("Port", `${name}${p.port}/${protocol}`);
    w.field("TargetPort", `${p.targetPort ?? p.port}/${protocol}`);
    if (p.nodePort) w.field("NodePort", `${name}${p.nodePort}/${protocol}`);
    w.field("Endpoints", portEndpoints(endpoints, p));
  }
}

/** The ready addresses serving one Service port, `ip:port`, the first three (as kubectl). */
function portEndpoints(endpoints: Endpoints | undefined, port: ServicePort, max = 3): string {
  const all: string[] = [];
  for (const subset of endpoints?.subsets ?? []) {
    for (const ep of subset.ports ?? []) {
      if ((ep.name ?? "") !== (port.name ?? "")) continue;
      for (const a of subset.addresses ?? []) all.push(`${a.ip}:${ep.port}`);
    }
  }
  if (all.length === 0) return "<none>";
  const shown = all.slice(0, max).join(",");
  return all.length > max ? `${shown} + ${all.length - max} more...` : shown;
}

export function describeEndpoints(obj: ApiObject, w: DescribeWriter): void {
  // Every address, not the first three as in the table: describe is where people look closely.
  w.field("Addresses", endpointList(obj as Endpoints, Number.POSITIVE_INFINITY));
}
