// What the views draw, computed from objects: plain functions of the live picture, no DOM.
import type { ApiObject, DaemonSet, Deployment, Node, Pod, ReplicaSet, StatefulSet } from "@skiff/api";
import { parseCpu, parseMemory } from "@skiff/api/quantity";
import { usageBytes, usageMilliCpu } from "@skiff/api/usage";
import type { NodeReport } from "./live.js";

export interface PodCard {
  namespace: string;
  name: string;
  node?: string;
  /** Pending, Running, Succeeded, Failed, Unknown; Terminating once deletion began. */
  phase: string;
  ready: number;
  containers: number;
  restarts: number;
  /** The first waiting or terminated reason worth showing (CrashLoopBackOff, ErrImagePull...). */
  reason?: string;
  /** Millicores and bytes its containers request and are limited to (0: none set). */
  requests: Resources;
  limits: Resources;
  /** What it used at its node's latest report (metrics.k8s.io); absent before one came. */
  usage?: Resources;
}

export interface Resources {
  cpu: number;
  memory: number;
}

/** A pod's usage in its node's latest report, summed over its containers. */
export function podUsage(p: Pod, report: NodeReport | undefined): Resources | undefined {
  const m = report?.pods.find((x) => x.metadata.name === p.metadata.name && x.metadata.namespace === (p.metadata.namespace ?? "default"));
  if (!m) return undefined;
  return m.containers.reduce((a, c) => ({ cpu: a.cpu + usageMilliCpu(c.usage), memory: a.memory + usageBytes(c.usage) }), { cpu: 0, memory: 0 });
}

export function podCard(p: Pod, report?: NodeReport): PodCard {
  const statuses = p.status?.containerStatuses ?? [];
  const usage = podUsage(p, report);
  const reason = statuses.map((s) => s.state?.waiting?.reason ?? s.state?.terminated?.reason).find((r) => r && r !== "Completed") ?? p.status?.reason;
  return {
    namespace: p.metadata.namespace ?? "default",
    name: p.metadata.name,
    node: p.spec.nodeName || undefined,
    phase: p.metadata.deletionTimestamp ? "Terminating" : (p.status?.phase ?? "Pending"),
    ready: statuses.filter((s) => s.ready).length,
    containers: p.spec.containers.length,
    restarts: statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0),
    ...(reason ? { reason } : {}),
    requests: resourcesOf(p, "requests"),
    limits: resourcesOf(p, "limits"),
    ...(usage ? { usage } : {}),
  };
}

export interface NodeColumn {
  name: string;
  ready: boolean;
  cordoned: boolean;
  /** Millicores and bytes: what pods may use, what the pods on the node request and are limited to, what the node used at its latest report. */
  cpu: { allocatable: number; requested: number; limits: number; used?: number };
  memory: { allocatable: number; requested: number; limits: number; used?: number };
  pods: PodCard[];
}

function resourcesOf(p: Pod, which: "requests" | "limits"): Resources {
  let cpu = 0;
  let memory = 0;
  for (const c of p.spec.containers) {
    const r = c.resources?.[which] ?? {};
    if (r.cpu !== undefined) cpu += parseCpu(r.cpu);
    if (r.memory !== undefined) memory += parseMemory(r.memory);
  }
  return { cpu, memory };
}

const sum = (rs: Resources[]) => rs.reduce((a, b) => ({ cpu: a.cpu + b.cpu, memory: a.memory + b.memory }), { cpu: 0, memory: 0 });

/** A pod still holds its node's resources until it ends (as the scheduler counts them). */
const holds = (p: Pod) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed";

export function nodeColumns(nodes: Node[], pods: Pod[], usage: ReadonlyMap<string, NodeReport> = new Map()): { columns: NodeColumn[]; unscheduled: PodCard[] } {
  const byNode = new Map<string, Pod[]>();
  const unscheduled: PodCard[] = [];
  for (const p of pods) {
    if (!p.spec.nodeName) unscheduled.push(podCard(p));
    else byNode.set(p.spec.nodeName, [...(byNode.get(p.spec.nodeName) ?? []), p]);
  }
  const columns = [...nodes]
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .map((n): NodeColumn => {
      const on = byNode.get(n.metadata.name) ?? [];
      const holding = on.filter(holds);
      const requested = sum(holding.map((p) => resourcesOf(p, "requests")));
      const limits = sum(holding.map((p) => resourcesOf(p, "limits")));
      const report = usage.get(n.metadata.name);
      const used = report && { cpu: usageMilliCpu(report.node.usage), memory: usageBytes(report.node.usage) };
      const alloc = n.status?.allocatable ?? n.status?.capacity ?? {};
      return {
        name: n.metadata.name,
        ready: n.status?.conditions?.find((c) => c.type === "Ready")?.status === "True",
        cordoned: n.spec?.unschedulable === true,
        cpu: { allocatable: alloc.cpu !== undefined ? parseCpu(alloc.cpu) : 0, requested: requested.cpu, limits: limits.cpu, ...(used ? { used: used.cpu } : {}) },
        memory: { allocatable: alloc.memory !== undefined ? parseMemory(alloc.memory) : 0, requested: requested.memory, limits: limits.memory, ...(used ? { used: used.memory } : {}) },
        pods: on.map((p) => podCard(p, report)).sort((a, b) => a.name.localeCompare(b.name)),
      };
    });
  return { columns, unscheduled: unscheduled.sort((a, b) => a.name.localeCompare(b.name)) };
}

export const ownedBy = <T extends ApiObject>(items: T[], owner: ApiObject) => items.filter((o) => o.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid));

export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
export const revisionOf = (rs: ReplicaSet) => Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0);

export interface ControlLoop {
  deployment: { desired: number; updated: number; ready: number; available: number; generation: number; observedGeneration: number; paused: boolean };
  replicaSets: { rs: ReplicaSet; revision: number; desired: number; current: number; ready: number; pods: Pod[] }[];
}

/** Deployment -> ReplicaSets (newest revision first) -> Pods, each with desired and observed numbers. */
export function controlLoop(d: Deployment, replicaSets: ReplicaSet[], pods: Pod[]): ControlLoop {
  return {
    deployment: {
      desired: d.spec.replicas ?? 1,
      updated: d.status?.updatedReplicas ?? 0,
      ready: d.status?.readyReplicas ?? 0,
      available: d.status?.availableReplicas ?? 0,
      generation: d.metadata.generation ?? 0,
      observedGeneration: d.status?.observedGeneration ?? 0,
      paused: d.spec.paused === true,
    },
    replicaSets: ownedBy(replicaSets, d)
      .map((rs) => ({ rs, revision: revisionOf(rs), desired: rs.spec.replicas ?? 0, current: rs.status?.replicas ?? 0, ready: rs.status?.readyReplicas ?? 0, pods: ownedBy(pods, rs).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)) }))
      .sort((a, b) => b.revision - a.revision),
  };
}

/** `rollout undo`'s choice, as kubectl makes it: the ReplicaSet of the newest revision before the current one. */
export function previousRevision(replicaSets: ReplicaSet[]): ReplicaSet | undefined {
  const sorted = [...replicaSets].sort((a, b) => revisionOf(b) - revisionOf(a));
  return sorted[1];
}

/** The workloads whose rollouts the Rollouts view shows. */
export type Workload = Deployment | StatefulSet | DaemonSet;

export interface RolloutProgress {
  /** Replicas wanted (for a DaemonSet: the nodes that should run its pod). */
  desired: number;
  updated: number;
  ready: number;
  available: number;
  /** Only a Deployment can be paused (StatefulSets and DaemonSets have no spec.paused in Kubernetes). */
  paused: boolean;
}

/** A rollout's numbers, whatever the kind names them (a DaemonSet counts nodes, not replicas). */
export function rolloutProgress(w: Workload): RolloutProgress {
  if (w.kind === "DaemonSet") {
    const s = w.status;
    return { desired: s?.desiredNumberScheduled ?? 0, updated: s?.updatedNumberScheduled ?? 0, ready: s?.numberReady ?? 0, available: s?.numberAvailable ?? 0, paused: false };
  }
  const s = w.status;
  return {
    desired: w.spec.replicas ?? 1,
    updated: s?.updatedReplicas ?? 0,
    ready: s?.readyReplicas ?? 0,
    available: s?.availableReplicas ?? 0,
    paused: w.kind === "Deployment" && w.spec.paused === true,
  };
}
