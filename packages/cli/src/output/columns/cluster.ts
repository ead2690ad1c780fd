// Configuration, namespaces, nodes and events.
// The cells follow kubectl's rules (@skiff/api printers); the node table is skiff's own layout.
import {
  age,
  dataCount,
  eventCount,
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
import { clockTime, firstSeen, lastSeen } from "../events.js";
import { cpuString, memoryString, nodeAllocation, usedOf } from "../resources.js";
import { NONE, type Columns } from "./types.js";

const configMaps: Columns = {
  headers: ["NAME", "DATA", "AGE"],
  row: (o, now) => {
    const c = o as ConfigMap;
    return [c.metadata.name, String(dataCount(c)), age(c.metadata.creationTimestamp, now)];
  },
};

const secrets: Columns = {
  headers: ["NAME", "TYPE", "DATA", "AGE"],
  row: (o, now) => {
    const s = o as Secret;
    return [s.metadata.name, s.type ?? "Opaque", String(dataCount(s)), age(s.metadata.creationTimestamp, now)];
  },
};

const namespaces: Columns = {
  headers: ["NAME", "STATUS", "AGE"],
  row: (o, now) => {
    const ns = o as Namespace;
    return [ns.metadata.name, ns.status?.phase ?? "Active", age(ns.metadata.creationTimestamp, now)];
  },
};

/**
 * kubectl's NAME STATUS ROLES AGE VERSION, then what the scheduler sees: CPU and MEMORY requested
 * by the node's pods over what it can allocate, and PODS placed over the pods it takes.
 */
const nodes: Columns = {
  headers: ["NAME", "STATUS", "ROLES", "AGE", "VERSION", "CPU", "MEMORY", "PODS"],
  row: (o, now, related) => {
    const n = o as Node;
    const a = nodeAllocation(n, related.pods ?? []);
    return [
      n.metadata.name,
      nodeStatus(n),
      nodeRoles(n),
      age(n.metadata.creationTimestamp, now),
      n.status?.nodeInfo?.kubeletVersion || NONE,
      usedOf(a.requests.cpu, a.allocatable.cpu, cpuString),
      usedOf(a.requests.memory, a.allocatable.memory, memoryString),
      `${a.pods.length}/${a.allocatable.pods}`,
    ];
  },
  wideHeaders: ["INTERNAL-IP", "CONTAINER-RUNTIME"],
  wideRow: (o) => {
    const n = o as Node;
    return [
      nodeAddress(n, "InternalIP"),
      n.status?.nodeInfo?.containerRuntimeVersion || NONE,
    ];
  },
  needsPods: true,
};

/**
 * kubectl's event table (printers.printEvent). It has no NAME column: the object it is about says
 * more. kubectl puts SUBOBJECT and SOURCE before MESSAGE with -o wide; here every -o wide column
 * comes after, as for the other kinds.
 */
const events: Columns = {
  headers: ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
  row: (o, now, related) => {
    const e = o as Event;
    return [related.clockTimes ? clockTime(lastSeen(e), now) : age(lastSeen(e), now), e.type ?? "", e.reason ?? "", eventObject(e), (e.message ?? "").trim()];
  },
  wideHeaders: ["SUBOBJECT", "SOURCE", "FIRST SEEN", "COUNT", "NAME"],
  wideRow: (o, _related, now) => {
    const e = o as Event;
    return [e.involvedObject?.fieldPath ?? "", eventSource(e), age(firstSeen(e), now), String(eventCount(e)), e.metadata.name];
  },
};

export const clusterColumns: Record<string, Columns> = {
  ConfigMap: configMaps,
  Secret: secrets,
  Namespace: namespaces,
  Node: nodes,
  Event: events,
};
