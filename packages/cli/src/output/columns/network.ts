// Services and the Endpoints that back them; the cells by kubectl's rules (@skiff/api printers).
import { age, endpointList, serviceClusterIP, serviceExternalIP, servicePorts, type Endpoints, type Service } from "@skiff/api";
import { labelString, type Columns } from "./types.js";

const services: Columns = {
  headers: ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
  row: (o, now) => {
    const s = o as Service;
    return [
      s.metadata.name,
      s.spec?.type ?? "ClusterIP",
      serviceClusterIP(s),
      // skiff has no load balancers: <none> unless the Service lists externalIPs.
      serviceExternalIP(s),
      servicePorts(s),
      age(s.metadata.creationTimestamp, now),
    ];
  },
  wideHeaders: ["SELECTOR"],
  wideRow: (o) => [labelString((o as Service).spec?.selector)],
};

const endpoints: Columns = {
  headers: ["NAME", "ENDPOINTS", "AGE"],
  row: (o, now) => [o.metadata.name, endpointList(o as Endpoints), age(o.metadata.creationTimestamp, now)],
};

export const networkColumns: Record<string, Columns> = { Service: services, Endpoints: endpoints };
