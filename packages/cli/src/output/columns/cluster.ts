// Configuration, namespaces, nodes and events.
import type { ConfigMap, Event, Namespace, Node, Secret } from "@skiff/api";
import { age } from "../age.js";
import { eventObject, eventSource, firstSeen, lastSeen } from "../events.js";
import { cpuString, memoryString, nodeAllocation, usedOf } from "../resources.js";
import { NONE, type Columns } from "./types.js";

const configMaps: Columns = {
  headers: ["NAME", "DATA", "AGE"],
  row: (o, now) => {
    const c = o as ConfigMap;
    const n = Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length;
    return [c.metadata.name, String(n), age(c.metadata.creationTimestamp, now)];
  },
};

const secrets: Columns = {
  headers: ["NAME", "TYPE", "DATA", "AGE"],
  row: (o, now) => {
    const s = o as Secret;
    const n = Object.keys(s.data ?? {}).length + Object.keys(s.stringData ?? {}).length;
    return [s.metadata.name, s.type ?? "Opaque", String(n), age(s.metadata.creationTimestamp, now)];
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
 * From the Ready condition, as kubectl: `Ready` when True, `NotReady` when False or Unknown (the
 * agent has gone silent), `Unknown` when there is no such condition; `,SchedulingDisabled` when cordoned.
 */
export function nodeStatus(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  let s = !ready ? "Unknown" : ready.status === "True" ? "Ready" : "NotReady";
  if (node.spec?.unschedulable) s += ",SchedulingDisabled";
  return s;
}

/** Roles come from `node-role.kubernetes.io/<role>` labels, as in Kubernetes. */
export function nodeRoles(node: Node): string {
  const prefix = "node-role.kubernetes.io/";
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
  return roles.length ? roles.sort().join(",") : NONE;
}

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
      n.status?.addresses?.find((a) => a.type === "InternalIP")?.address ?? NONE,
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
  row: (o, now) => {
    const e = o as Event;
    return [age(lastSeen(e), now), e.type ?? "", e.reason ?? "", eventObject(e), (e.message ?? "").trim()];
  },
  wideHeaders: ["SUBOBJECT", "SOURCE", "FIRST SEEN", "COUNT", "NAME"],
  wideRow: (o, _related, now) => {
    const e = o as Event;
    return [e.involvedObject?.fieldPath ?? "", eventSource(e), age(firstSeen(e), now), String(e.count ?? 1), e.metadata.name];
  },
};

export const clusterColumns: Record<string, Columns> = {
  ConfigMap: configMaps,
  Secret: secrets,
  Namespace: namespaces,
  Node: nodes,
  Event: events,
};
