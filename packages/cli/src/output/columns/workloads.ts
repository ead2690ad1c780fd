// Pods and the controllers that own them.
import type { ApiObject, Deployment, Pod, ReplicaSet, StatefulSet } from "@skiff/api";
import { age } from "../age.js";
import { labelString, NONE, type Columns } from "./types.js";

/**
 * The STATUS column: the phase, unless something more telling is going on, the way kubectl
 * picks it (a terminating pod, or the reason a container is waiting or has ended).
 */
export function podStatus(pod: Pod): string {
  if (pod.metadata.deletionTimestamp) return "Terminating";
  let reason = pod.status?.reason || pod.status?.phase || "Pending";
  for (const cs of pod.status?.containerStatuses ?? []) {
    const waiting = cs.state?.waiting?.reason;
    const terminated = cs.state?.terminated;
    if (waiting) reason = waiting;
    else if (terminated && reason !== "Completed") {
      reason = terminated.reason || `ExitCode:${terminated.exitCode}`;
    }
  }
  return reason;
}

function podReady(pod: Pod): string {
  const total = pod.spec?.containers?.length ?? 0;
  const ready = (pod.status?.containerStatuses ?? []).filter((c) => c.ready).length;
  return `${ready}/${total}`;
}

function restarts(pod: Pod): string {
  return String((pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0));
}

const pods: Columns = {
  headers: ["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
  row: (o, now) => {
    const p = o as Pod;
    return [p.metadata.name, podReady(p), podStatus(p), restarts(p), age(p.metadata.creationTimestamp, now)];
  },
  wideHeaders: ["IP", "NODE"],
  wideRow: (o) => {
    const p = o as Pod;
    return [p.status?.podIP || NONE, p.spec?.nodeName || NONE];
  },
};

/** CONTAINERS IMAGES SELECTOR: what `-o wide` adds for every workload controller. */
function templateColumns(o: ApiObject): string[] {
  const spec = (o as Deployment).spec;
  const containers = spec?.template?.spec?.containers ?? [];
  return [
    containers.map((c) => c.name).join(",") || NONE,
    containers.map((c) => c.image).join(",") || NONE,
    labelString(spec?.selector?.matchLabels),
  ];
}
const templateHeaders = ["CONTAINERS", "IMAGES", "SELECTOR"];

const deployments: Columns = {
  headers: ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
  row: (o, now) => {
    const d = o as Deployment;
    const s = d.status;
    return [
      d.metadata.name,
      `${s?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
      String(s?.updatedReplicas ?? 0),
      String(s?.availableReplicas ?? 0),
      age(d.metadata.creationTimestamp, now),
    ];
  },
  wideHeaders: templateHeaders,
  wideRow: templateColumns,
};

const replicaSets: Columns = {
  headers: ["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
  row: (o, now) => {
    const r = o as ReplicaSet;
    return [
      r.metadata.name,
      String(r.spec?.replicas ?? 1),
      String(r.status?.replicas ?? 0),
      String(r.status?.readyReplicas ?? 0),
      age(r.metadata.creationTimestamp, now),
    ];
  },
  wideHeaders: templateHeaders,
  wideRow: templateColumns,
};

const statefulSets: Columns = {
  headers: ["NAME", "READY", "AGE"],
  row: (o, now) => {
    const s = o as StatefulSet;
    return [s.metadata.name, `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 1}`, age(s.metadata.creationTimestamp, now)];
  },
  wideHeaders: ["CONTAINERS", "IMAGES"],
  wideRow: (o) => templateColumns(o).slice(0, 2),
};

export const workloadColumns: Record<string, Columns> = {
  Pod: pods,
  Deployment: deployments,
  ReplicaSet: replicaSets,
  StatefulSet: statefulSets,
};
