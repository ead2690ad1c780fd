// Pods and the controllers that own them.
import type { ApiObject, Deployment, Pod, ReplicaSet, StatefulSet } from "@skiff/api";
import { age, humanDuration } from "../age.js";
import { labelString, NONE, type Columns } from "./types.js";

/**
 * The STATUS column, by kubectl's rules (printers.printPod): the phase, or the pod's reason
 * (`NodeLost`, `Evicted`), overridden by what a container is doing (its waiting reason,
 * `ContainerCreating`, `CrashLoopBackOff`..., or how it ended, `Completed`, `Error`, `OOMKilled`,
 * `ExitCode:N`), the first container winning; `Terminating` once deletion has begun.
 */
export function podStatus(pod: Pod): string {
  let reason = pod.status?.reason || pod.status?.phase || "Pending";
  let hasRunning = false;
  const statuses = pod.status?.containerStatuses ?? [];
  // Last to first, so the first container's state is the one left standing.
  for (let i = statuses.length - 1; i >= 0; i--) {
    const st = statuses[i]?.state;
    if (st?.waiting?.reason) reason = st.waiting.reason;
    else if (st?.terminated) {
      const t = st.terminated;
      reason = t.reason || (t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`);
    } else if (statuses[i]?.ready && st?.running) hasRunning = true;
  }
  // One container done and another still running: the pod is not "Completed".
  if (reason === "Completed" && hasRunning) {
    reason = pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ? "Running" : "NotReady";
  }
  if (pod.metadata.deletionTimestamp) return pod.status?.reason === "NodeLost" ? "Unknown" : "Terminating";
  return reason;
}

/** READY: containers ready and running, over the containers the pod declares. */
export function podReady(pod: Pod): string {
  const total = pod.spec?.containers?.length ?? 0;
  const ready = (pod.status?.containerStatuses ?? []).filter((c) => c.ready && c.state?.running).length;
  return `${ready}/${total}`;
}

/** RESTARTS: the sum over containers, and how long ago the last one was (kubectl 1.26+). */
export function podRestarts(pod: Pod, now: number): string {
  let restarts = 0;
  let last = 0;
  for (const cs of pod.status?.containerStatuses ?? []) {
    restarts += cs.restartCount ?? 0;
    const finished = Date.parse(cs.lastState?.terminated?.finishedAt ?? "");
    if (!Number.isNaN(finished)) last = Math.max(last, finished);
  }
  return restarts && last ? `${restarts} (${humanDuration(now - last)} ago)` : String(restarts);
}

const pods: Columns = {
  headers: ["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
  row: (o, now) => {
    const p = o as Pod;
    return [p.metadata.name, podReady(p), podStatus(p), podRestarts(p, now), age(p.metadata.creationTimestamp, now)];
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
