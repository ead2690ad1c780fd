// Pods and the controllers that own them. The cells follow kubectl's rules (@skiff/api printers);
// the layout is skiff's: -o wide adds IP and NODE for pods, CONTAINERS IMAGES SELECTOR for controllers.
import {
  age,
  containerImages,
  containerNames,
  desiredReplicas,
  formatLabelSelector,
  podIP,
  podReady,
  podRestarts,
  podStatus,
  replicasReady,
  type ApiObject,
  type Deployment,
  type Pod,
  type ReplicaSet,
  type StatefulSet,
} from "@skiff/api";
import { NONE, type Columns } from "./types.js";

const pods: Columns = {
  headers: ["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
  row: (o, now) => {
    const p = o as Pod;
    return [p.metadata.name, podReady(p), podStatus(p), podRestarts(p, now), age(p.metadata.creationTimestamp, now)];
  },
  wideHeaders: ["IP", "NODE"],
  wideRow: (o) => {
    const p = o as Pod;
    return [podIP(p), p.spec?.nodeName || NONE];
  },
};

/** CONTAINERS IMAGES SELECTOR: what `-o wide` adds for every workload controller. */
function templateColumns(o: ApiObject): string[] {
  const spec = (o as Deployment).spec;
  return [containerNames(spec?.template) || NONE, containerImages(spec?.template) || NONE, formatLabelSelector(spec?.selector)];
}
const templateHeaders = ["CONTAINERS", "IMAGES", "SELECTOR"];

const deployments: Columns = {
  headers: ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
  row: (o, now) => {
    const d = o as Deployment;
    const s = d.status;
    return [
      d.metadata.name,
      replicasReady(d),
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
      String(desiredReplicas(r)),
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
    return [s.metadata.name, replicasReady(s), age(s.metadata.creationTimestamp, now)];
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
