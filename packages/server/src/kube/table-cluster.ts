// kubectl 1.32's tables for nodes, namespaces, configuration and events (printers.go printNode,
// printNamespace, printConfigMap, printSecret, printEvent); the cell rules are @skiff/api's.
import {
  age,
  dataCount,
  eventCount,
  eventFirstSeen,
  eventLastSeen,
  eventObject,
  eventSource,
  nodeAddress,
  nodeRoles,
  nodeStatus,
  type ConfigMap,
  type Event,
  type Namespace,
  type Node,
  type Secret,
} from "@skiff/api";
import { AGE, NAME, NAME_DESCRIPTION, column, type Printer } from "./table-columns.js";

/** What the node reports about itself, `<unknown>` when it has not said. */
const reported = (value: string | undefined) => value || "<unknown>";

const ADDRESSES = "List of addresses reachable to the node. Queried from cloud provider, if available.";

const node: Printer = {
  columns: [
    NAME,
    column("Status", "string", "The status of the node"),
    column("Roles", "string", "The roles of the node"),
    AGE,
    column("Version", "string", "Kubelet Version reported by the node."),
    column("Internal-IP", "string", ADDRESSES, { wide: true }),
    column("External-IP", "string", ADDRESSES, { wide: true }),
    column("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", { wide: true }),
    column("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", { wide: true }),
    column("Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", { wide: true }),
  ],
  cells: (o, now) => {
    const n = o as Node;
    const info = n.status?.nodeInfo;
    return [
      n.metadata.name,
      nodeStatus(n),
      nodeRoles(n),
      age(n.metadata.creationTimestamp, now),
      info?.kubeletVersion ?? "",
      nodeAddress(n, "InternalIP"),
      nodeAddress(n, "ExternalIP"),
      reported(info?.osImage),
      reported(info?.kernelVersion),
      reported(info?.containerRuntimeVersion),
    ];
  },
};

const namespace: Printer = {
  columns: [NAME, column("Status", "string", "The status of the namespace"), AGE],
  cells: (o, now) => [o.metadata.name, (o as Namespace).status?.phase ?? "Active", age(o.metadata.creationTimestamp, now)],
};

// DATA is declared "string" though its cells are integers, as in Kubernetes.
const configMap: Printer = {
  columns: [NAME, column("Data", "string", "Data contains the configuration data."), AGE],
  cells: (o, now) => [o.metadata.name, dataCount(o as ConfigMap), age(o.metadata.creationTimestamp, now)],
};

const secret: Printer = {
  columns: [
    NAME,
    column("Type", "string", "Used to facilitate programmatic handling of secret data."),
    column("Data", "string", "Data contains the secret data."),
    AGE,
  ],
  cells: (o, now) => {
    const s = o as Secret;
    return [s.metadata.name, s.type ?? "Opaque", dataCount(s), age(s.metadata.creationTimestamp, now)];
  },
};

// No Name column first: the object an event is about says more. Its wide columns sit between the others.
const event: Printer = {
  columns: [
    column("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded."),
    column("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future"),
    column("Reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    column("Object", "string", "The object that this event is about."),
    column("Subobject", "string", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.", { wide: true }),
    column("Source", "string", "The component reporting this event. Should be a short machine understandable string.", { wide: true }),
    column("Message", "string", "A human-readable description of the status of this operation."),
    column("First Seen", "string", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", { wide: true }),
    column("Count", "string", "The number of times this event has occurred.", { wide: true }),
    column("Name", "string", NAME_DESCRIPTION, { wide: true, format: "name" }),
  ],
  cells: (o, now) => {
    const e = o as Event;
    return [
      age(eventLastSeen(e), now),
      e.type ?? "",
      e.reason ?? "",
      eventObject(e),
      e.involvedObject?.fieldPath ?? "",
      eventSource(e),
      (e.message ?? "").trim(),
      age(eventFirstSeen(e), now),
      eventCount(e),
      e.metadata.name,
    ];
  },
};

export const clusterPrinters: Record<string, Printer> = { Node: node, Namespace: namespace, ConfigMap: configMap, Secret: secret, Event: event };
