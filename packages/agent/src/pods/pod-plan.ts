// The plan for a whole node: every desired pod with its sandbox and container plans (plan.ts)
// and the volume writes it needs (volume-files.ts), and the orphans: containers and volumes
// whose pod is no longer desired here. Pure.
import { isTerminalPhase, type Container, type Pod } from "@skiff/api/core";
import type { ContainerInfo, VolumeInfo } from "../runtime/runtime.js";
import type { FailureRecord, ImageRecord } from "./backoff.js";
import type { Configs } from "./configs.js";
import { LABELS, podNamespace, podUid } from "./labels.js";
import { allContainers, groupByPod, type PodContainers } from "./observed.js";
import { planContainer, planSandbox, type AgentView, type ContainerPlan, type SandboxPlan } from "./plan.js";
import { volumeWrites, type VolumeWrite, type WrittenRecord } from "./volume-files.js";
import { isRunning } from "./observed.js";
import { containerHealth, type ContainerHealth, type ContainerProbes } from "./probes/probe-state.js";

export interface ContainerEntry {
  spec: Container;
  /** Its containers in this pod, newest attempt first. */
  attempts: ContainerInfo[];
  plan: ContainerPlan;
  /** What its probes say of the current attempt (not running: neither started nor ready). */
  health: ContainerHealth;
}

export interface PodPlan {
  pod: Pod;
  uid: string;
  observed: PodContainers | undefined;
  /** Terminal as the server says, or being deleted: stop everything, start nothing. */
  stopping: boolean;
  /** Every container has exited for good (restart policy): the sandbox goes too. */
  finished: boolean;
  sandbox: SandboxPlan;
  containers: ContainerEntry[];
  /** Containers of this pod named in no container of its spec. */
  strays: ContainerInfo[];
  /** Files to write through the infra container: all of them after it starts, else what changed. */
  writes: VolumeWrite[];
}

export interface NodePlan {
  pods: PodPlan[];
  /** Containers of pods not desired on this node (deleted, moved, or an older pod of the same name). */
  orphans: PodContainers[];
  /** This node's volumes of pods not desired here, by pod uid: removed after the pod's containers. */
  orphanVolumes: Map<string, string[]>;
  /** Orphans (by uid) to kill without a grace period: copies the cluster has already replaced. */
  killAtOnce: ReadonlySet<string>;
}

export interface PlanInput {
  desired: readonly Pod[];
  /** Every container carrying this node's label. */
  observed: readonly ContainerInfo[];
  images: ReadonlyMap<string, ImageRecord>;
  failures: ReadonlyMap<string, FailureRecord>;
  now: Date;
  configs?: Configs;
  written?: ReadonlyMap<string, WrittenRecord>;
  /** Every volume carrying this node's label. */
  volumes?: readonly VolumeInfo[];
  /** The probes' states by container id. */
  probes?: ReadonlyMap<string, ContainerProbes>;
  /** Pods that left this node while it was away from the server (PodManager.setDesired): their containers are killed at once. */
  goneWhileAway?: ReadonlySet<string>;
}

export function planPod(pod: Pod, observed: PodContainers | undefined, view: AgentView, blocked = false): PodPlan {
  const stopping = isTerminalPhase(pod.status?.phase) || Boolean(pod.metadata.deletionTimestamp);
  let sandbox = planSandbox(pod, observed?.infra ?? [], view, blocked);
  if (stopping && sandbox.kind !== "ready") sandbox = { kind: "wait", message: "the pod is stopping" };
  // Kubernetes does not give a restartPolicy Never pod a new sandbox once a container has run.
  const ranOnce = [...(observed?.apps.values() ?? [])].some((list) => list.length > 0);
  if (sandbox.kind === "create" && (pod.spec.restartPolicy ?? "Always") === "Never" && ranOnce) {
    sandbox = { kind: "wait", message: "the pod's sandbox is gone and its restartPolicy is Never" };
  }
  const containers = pod.spec.containers.map((spec): ContainerEntry => {
    const attempts = observed?.apps.get(spec.name) ?? [];
    const current = attempts[0];
    const health = current && isRunning(current) ? containerHealth(spec, view.probes?.get(current.id)) : { started: false, ready: false };
    return { spec, attempts, plan: planContainer(pod, spec, attempts, sandbox, view, stopping), health };
  });
  const finished = containers.length > 0 && containers.every((c) => c.plan.kind === "done");
  // A finished pod keeps its containers (for logs) but needs no network any more.
  if (finished && sandbox.kind !== "ready") sandbox = { kind: "wait", message: "the pod has finished" };
  const names = new Set(pod.spec.containers.map((c) => c.name));
  const strays = [...(observed?.apps.entries() ?? [])].filter(([name]) => !names.has(name)).flatMap(([, list]) => list);
  const uid = podUid(pod);
  return { pod, uid, observed, stopping, finished, sandbox, containers, strays, writes: planWrites(pod, uid, sandbox, view, stopping || finished) };
}

/**
 * A pod being deleted whose containers (apps and infra) have all stopped: what the agent tells the
 * server, which then removes the pod (Kubernetes' kubelet deletes it with grace 0 at this point).
 * Until then the pod stays Terminating, and a StatefulSet does not reuse its name.
 */
export function containersStopped(p: PodPlan): boolean {
  if (p.pod.metadata.deletionTimestamp === undefined) return false;
  // A container created and never started runs nothing: it does not hold the pod back.
  return !(p.observed ? allContainers(p.observed) : []).some(isRunning);
}

function planWrites(pod: Pod, uid: string, sandbox: SandboxPlan, view: AgentView, idle: boolean): VolumeWrite[] {
  if (idle || sandbox.kind === "wait") return [];
  // A ready infra container got what the record says; a new or restarted one has nothing yet
  // (its tmpfs volumes are fresh), but the slot still alternates.
  const infraId = sandbox.kind === "ready" ? sandbox.infra.id : undefined;
  return volumeWrites(pod, view.configs ?? new Map(), (volume) => {
    const r = view.written?.get(`${uid}/${volume}`);
    return r && (r.infraId === infraId ? r : { ...r, hash: "" });
  });
}

const byPodName = (a: { namespace: string; name: string; uid: string }, b: typeof a): number =>
  a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || a.uid.localeCompare(b.uid);

export function planNode(input: PlanInput): NodePlan {
  const view: AgentView = { images: input.images, failures: input.failures, now: input.now.getTime() };
  if (input.configs) view.configs = input.configs;
  if (input.written) view.written = input.written;
  if (input.probes) view.probes = input.probes;
  const groups = groupByPod(input.observed);
  const desired = new Map(input.desired.map((pod) => [podUid(pod), pod]));
  const orphans = [...groups.values()].filter((g) => !desired.has(g.uid)).sort(byPodName);
  const pods = [...desired.values()]
    .map((pod) => ({ pod, namespace: podNamespace(pod), name: pod.metadata.name, uid: podUid(pod) }))
    .sort(byPodName)
    .map(({ pod, namespace, name, uid }) => {
      // A pod deleted and made again with the same name (a StatefulSet's) must wait until the
      // old one's containers are gone: they hold the same Docker names, and maybe its ports.
      const blocked = orphans.some((o) => o.namespace === namespace && o.name === name);
      return planPod(pod, groups.get(uid), view, blocked);
    });
  const orphanVolumes = new Map<string, string[]>();
  for (const v of input.volumes ?? []) {
    const uid = v.labels[LABELS.podUid];
    if (uid && !desired.has(uid)) orphanVolumes.set(uid, [...(orphanVolumes.get(uid) ?? []), v.name]);
  }
  const gone = input.goneWhileAway ?? new Set<string>();
  return { pods, orphans, orphanVolumes, killAtOnce: new Set(orphans.map((o) => o.uid).filter((uid) => gone.has(uid))) };
}
