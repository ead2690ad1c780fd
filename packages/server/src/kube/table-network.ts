// kubectl 1.32's tables for Services and Endpoints (printers.go printService, printEndpoints);
// the cell rules are @skiff/api's.
import { age, endpointList, labelString, serviceClusterIP, serviceExternalIP, servicePorts, type Endpoints, type Service } from "@skiff/api";
import { AGE, NAME, column, type Printer } from "./table-columns.js";

const service: Printer = {
  columns: [
    NAME,
    column("Type", "string", "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer."),
    column("Cluster-IP", "string", "clusterIP is the IP address of the service and is usually assigned randomly."),
    column("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
    column("Port(s)", "string", "The list of ports that are exposed by this service."),
    AGE,
    column("Selector", "string", "Route service traffic to pods with label keys and values matching this selector.", { wide: true }),
  ],
  cells: (o, now) => {
    const s = o as Service;
    return [
      s.metadata.name,
      s.spec?.type ?? "ClusterIP",
      serviceClusterIP(s),
      serviceExternalIP(s),
      servicePorts(s),
      age(s.metadata.creationTimestamp, now),
      labelString(s.spec?.selector),
    ];
  },
};

const endpoints: Printer = {
  columns: [NAME, column("Endpoints", "string", "The set of all endpoints is the union of all subsets."), AGE],
  cells: (o, now) => [o.metadata.name, endpointList(o as Endpoints), age(o.metadata.creationTimestamp, now)],
};

export const networkPrinters: Record<string, Printer> = { Service: service, Endpoints: endpoints };
