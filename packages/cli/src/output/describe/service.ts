// Services and Endpoints: how traffic finds pods.
import type { ApiObject, Endpoints, Service } from "@skiff/api";
import { endpointList, servicePorts } from "../columns/index.js";
import { labelString } from "../columns/types.js";
import type { DescribeWriter } from "./writer.js";

export function describeService(obj: ApiObject, w: DescribeWriter): void {
  const svc = obj as Service;
  w.field("Selector", labelString(svc.spec?.selector));
  w.field("Type", svc.spec?.type ?? "ClusterIP");
  w.field("IP", svc.spec?.clusterIP);
  w.field("Port(s)", servicePorts(svc));
  for (const p of svc.spec?.ports ?? []) {
    const name = p.name ? `${p.name}  ` : "<unset>  ";
    w.field("Port", `${name}${p.port}/${p.protocol ?? "TCP"}`);
    w.field("TargetPort", `${p.targetPort ?? p.port}/${p.protocol ?? "TCP"}`);
    if (p.nodePort) w.field("NodePort", `${name}${p.nodePort}/${p.protocol ?? "TCP"}`);
  }
}

export function describeEndpoints(obj: ApiObject, w: DescribeWriter): void {
  // Every address, not the first three as in the table: describe is where people look closely.
  w.field("Addresses", endpointList(obj as Endpoints, Number.POSITIVE_INFINITY));
}
