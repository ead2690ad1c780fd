// A pod's status, as Kubernetes shows it, from the same plan reconcile acts on (pod-plan.ts):
// so a container waits "CrashLoopBackOff" exactly while reconcile holds back its restart. Pure;
// the previous status is an input, so transition times stay put while nothing changes and the
// phase only moves forward.
import { isTerminalPhase, transition, type ContainerState, type ContainerStateTerminated, type ContainerStatus, type Pod, type PodCondition, type PodStatus } from "@skiff/api/core";
import type { ContainerInfo } from "../runtime/runtime.js";
import type { FailureRecord, ImageRecord } from "./backoff.js";
import { podNamespace, podUid } from "./labels.js";
import { attemptOf, failedToStart, groupByPod, hasExited, isRunning } from "./observed.js";
import { phaseOf } from "./phase.js";
import { planPod, type ContainerEntry, type PodPlan } from "./pod-plan.js";
import { hostPortsStatus } from "./pod-network.js";

export interface PodStatusInput {
  pod: Pod;
  /** The node's containers (those of other pods are ignored). */
  observed: readonly ContainerInfo[];
  images?: ReadonlyMap<string, ImageRecord>;
  /** Create and start errors the agent saw, by failureKey(podUid, container). */
  failures?: ReadonlyMap<string, FailureRecord>;
  now: Date;
  /** The status last reported, if any. */
  previous?: PodStatus;
  /** The node's address. */
  hostIP?: string;
}

export function podStatus(input: PodStatusInput): PodStatus {
  const { pod, now } = input;
  const groups = groupByPod(input.observed);
  const uid = podUid(pod);
  const ns = podNamespace(pod);
  const blocked = [...groups.values()].some((g) => g.uid !== uid && g.namespace === ns && g.name === pod.metadata.name);
  const view = { images: input.images ?? new Map(), failures: input.failures ?? new Map(), now: now.getTime() };
  return statusFromPlan(planPod(pod, groups.get(uid), view, blocked), input);
}

const dockerId = (info: ContainerInfo) => `docker://${info.id}`;

export function terminatedState(info: ContainerInfo): ContainerStateTerminated {
  const cannotRun = failedToStart(info) || Boolean(info.error);
  const exitCode = info.exitCode ?? (cannotRun ? 128 : 0);
  const reason = info.oomKilled ? "OOMKilled" : cannotRun ? "ContainerCannotRun" : exitCode === 0 ? "Completed" : "Error";
  const t: ContainerStateTerminated = { exitCode, reason, containerID: dockerId(info) };
  if (info.error) t.message = info.error;
  if (info.startedAt) t.startedAt = info.startedAt;
  if (info.finishedAt) t.finishedAt = info.finishedAt;
  return t;
}

function runningState(info: ContainerInfo): ContainerState {
  return { running: info.startedAt ? { startedAt: info.startedAt } : {} };
}

function containerStatus({ spec, attempts, plan, health }: ContainerEntry): ContainerStatus {
  const current = attempts[0];
  // The last termination before the current state: a finished container's own is its state.
  const lastExited = attempts.find((c, i) => hasExited(c) && (i > 0 || plan.kind !== "done"));
  let state: ContainerState;
  if (current && isRunning(current)) state = runningState(current); // also while its replacement waits
  else if (plan.kind === "done") state = { terminated: terminatedState(plan.current) };
  else if (plan.kind === "wait" || plan.kind === "pull") state = { waiting: { ...plan.waiting } };
  else state = { waiting: { reason: "ContainerCreating" } };
  const status: ContainerStatus = {
    name: spec.name,
    state,
    // Running and, if it has them, past its startup probe and passing its readiness probe.
    ready: Boolean(state.running) && health.ready,
    started: Boolean(state.running) && health.started,
    restartCount: current ? attemptOf(current) : 0,
    image: spec.image,
    imageID: "",
  };
  if (lastExited) status.lastState = { terminated: terminatedState(lastExited) };
  if (current) status.containerID = dockerId(current);
  return status;
}

function condition(type: string, ok: boolean, now: string, previous: PodCondition[], reason?: string, message?: string): PodCondition {
  const status = ok ? "True" : "False";
  const before = previous.find((c) => c.type === type);
  const c: PodCondition = { type, status, lastTransitionTime: before?.status === status ? (before.lastTransitionTime ?? now) : now };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

export function statusFromPlan(plan: PodPlan, input: { now: Date; previous?: PodStatus; hostIP?: string }): PodStatus {
  const previous = input.previous ?? plan.pod.status;
  const now = input.now.toISOString();
  const containerStatuses = plan.containers.map(containerStatus);
  const computed = phaseOf(containerStatuses, plan.pod.spec.restartPolicy);
  // A pod the server calls finished stays finished; otherwise the phase moves forward only.
  const phase = transition(previous?.phase, plan.stopping && plan.pod.status?.phase ? plan.pod.status.phase : computed).phase;

  const unready = containerStatuses.filter((s) => !s.ready).map((s) => s.name);
  const finished = isTerminalPhase(phase);
  const notReady = finished ? "PodCompleted" : "ContainersNotReady";
  const message = `containers with unready status: [${unready.join(" ")}]`;
  const before = previous?.conditions ?? [];
  const conditions = [
    condition("PodScheduled", true, now, before),
    condition("Initialized", true, now, before),
    condition("ContainersReady", unready.length === 0, now, before, notReady, message),
    condition("Ready", unready.length === 0, now, before, notReady, message),
  ];

  const status: PodStatus = { phase, conditions, startTime: previous?.startTime ?? now, containerStatuses };
  const hostIP = input.hostIP ?? previous?.hostIP;
  if (hostIP) status.hostIP = hostIP;
  // A new sandbox brings a new address; without one the pod keeps the address it last had.
  const podIP = (plan.sandbox.kind === "ready" ? plan.sandbox.infra.ipAddress : undefined) || previous?.podIP;
  if (podIP) {
    status.podIP = podIP;
    status.podIPs = [{ ip: podIP }];
  }
  // Where the node publishes each container port, while the sandbox runs (the proxy's way in).
  const hostPorts = plan.sandbox.kind === "ready" ? hostPortsStatus(plan.pod, plan.sandbox.infra, hostIP) : [];
  if (hostPorts.length > 0) status.hostPorts = hostPorts;
  if (plan.sandbox.kind === "wait" && plan.sandbox.failed) {
    status.reason = "FailedCreatePodSandBox";
    status.message = plan.sandbox.message;
  }
  return status;
}
