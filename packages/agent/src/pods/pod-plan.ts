// The plan for a whole node: every desired pod with its sandbox and container plans (plan.ts),
// and the orphans, containers whose pod is no longer desired here. Pure.
import type { Container, Pod } from "@skiff/api";
import type { ContainerInfo } from "../runtime/runtime.js";
import type { FailureRecord, ImageRecord } from "./backoff.js";
import { podNamespace, podUid } from "./labels.js";
import { groupByPod, type PodContainers } from "./observed.js";
import { planContainer, planSandbox, type AgentView, type ContainerPlan, type SandboxPlan } from "./plan.js";

export interface ContainerEntry {
  spec: Container;
  /** Its containers in this pod, newest attempt first. */
  attempts: ContainerInfo[];
  plan: ContainerPlan;
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
}

export interface NodePlan {
  pods: PodPlan[];
  /** Containers of pods not desired on this node (deleted, moved, or an older pod of the same name). */
  orphans: PodContainers[];
}

export interface PlanInput {
  desired: readonly Pod[];
  /** Every container carrying this node's label. */
  observed: readonly ContainerInfo[];
  images: ReadonlyMap<string, ImageRecord>;
  failures: ReadonlyMap<string, FailureRecord>;
  now: Date;
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
}

export function planPod(pod: Pod, observed: PodContainers | undefined, view: AgentView, blocked = false): PodPlan {
  const stopping = isTerminal(pod) || Boolean(pod.metadata.deletionTimestamp);
  let sandbox = planSandbox(pod, observed?.infra ?? [], view, blocked);
  if (stopping && sandbox.kind !== "ready") sandbox = { kind: "wait", message: "the pod is stopping" };
  // Kubernetes does not give a restartPolicy Never pod a new sandbox once a container has run.
  const ranOnce = [...(observed?.apps.values() ?? [])].some((list) => list.length > 0);
  if (sandbox.kind === "create" && (pod.spec.restartPolicy ?? "Always") === "Never" && ranOnce) {
    sandbox = { kind: "wait", message: "the pod's sandbox is gone and its restartPolicy is Never" };
  }
  const containers = pod.spec.containers.map((spec): ContainerEntry => {
    const attempts = observed?.apps.get(spec.name) ?? [];
    return { spec, attempts, plan: planContainer(pod, spec, attempts, sandbox, view, stopping) };
  });
  const finished = containers.length > 0 && containers.every((c) => c.plan.kind === "done");
  // A finished pod keeps its containers (for logs) but needs no network any more.
  if (finished && sandbox.kind !== "ready") sandbox = { kind: "wait", message: "the pod has finished" };
  const names = new Set(pod.spec.containers.map((c) => c.name));
  const strays = [...(observed?.apps.entries() ?? [])].filter(([name]) => !names.has(name)).flatMap(([, list]) => list);
  return { pod, uid: podUid(pod), observed, stopping, finished, sandbox, containers, strays };
}

const byPodName = (a: { namespace: string; name: string; uid: string }, b: typeof a): number =>
  a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || a.uid.localeCompare(b.uid);

export function planNode(input: PlanInput): NodePlan {
  const view: AgentView = { images: input.images, failures: input.failures, now: input.now.getTime() };
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
  return { pods, orphans };
}
