// The decision for one pod's sandbox and for each of its containers, from what Docker shows and
// what the agent remembers (image pulls, engine errors). reconcile.ts turns these plans into
// actions and status.ts into container states, so the two never disagree about why a container
// is not running. Pure: the clock is an input.
import type { Container, ContainerStateWaiting, Pod } from "@skiff/api/core";
import type { ContainerInfo } from "../runtime/runtime.js";
import {
  crashDelayMs,
  crashRestartAt,
  exitedAt,
  failureKey,
  failureRetryAt,
  nextBackoffStep,
  pullRetryAt,
  type FailureRecord,
  type ImageRecord,
} from "./backoff.js";
import type { Configs } from "./configs.js";
import { resolveEnv } from "./env.js";
import { INFRA_CONTAINER, identify, podNamespace, podUid } from "./labels.js";
import { attemptOf, awaitsStart, hasExited, isRunning } from "./observed.js";
import { containerSpecHash, infraSpecHash } from "./translate.js";
import { mountProblem, type WrittenRecord } from "./volume-files.js";
import { claimProblem } from "./claims.js";
import { containerHealth, type ContainerProbes } from "./probes/probe-state.js";

/** What the agent knows besides Docker's list, and the time. */
export interface AgentView {
  images: ReadonlyMap<string, ImageRecord>;
  /** Create and start failures, by `failureKey(podUid, container)`. */
  failures: ReadonlyMap<string, FailureRecord>;
  /** Milliseconds since the epoch. */
  now: number;
  /** The ConfigMaps and Secrets the server sent; without them, references are not checked. */
  configs?: Configs;
  /** What the agent last wrote to each pod volume, by `podUid/volume` (volume-files.ts). */
  written?: ReadonlyMap<string, WrittenRecord>;
  /** The probes' states by container id (probes/probe-manager.ts). */
  probes?: ReadonlyMap<string, ContainerProbes>;
}

/**
 * Why a container cannot be made yet: a ConfigMap or Secret (or one of its keys) that a mounted
 * volume or the environment needs is not here. kubelet's words; names only, never values. When
 * the object arrives, the next pass creates the container: nothing else to retry.
 */
export function configProblem(pod: Pod, spec: Container, configs: Configs): string | undefined {
  const mount = mountProblem(pod, spec, configs) ?? claimProblem(pod, spec, configs);
  if (mount) return mount;
  const env = resolveEnv({ pod, container: spec, configs, nodeName: "", capacity: { cpuMilli: 0, memoryBytes: 0 } });
  return env.ok ? undefined : env.message;
}

export type SandboxPlan =
  | { kind: "ready"; infra: ContainerInfo }
  | { kind: "start"; infra: ContainerInfo }
  /** A new infra container; `stale` are the old ones, to stop and remove first. */
  | { kind: "create"; attempt: number; stale: ContainerInfo[] }
  /** Nothing to do yet; `failed` when the engine refused the last sandbox (shown as the pod's reason). */
  | { kind: "wait"; message: string; failed?: boolean };

export type ContainerPlan =
  /** Running with the current spec in the current sandbox: adopted as it is. */
  | { kind: "keep"; current: ContainerInfo }
  | { kind: "start"; current: ContainerInfo }
  /** Running, but its liveness (or startup) probe failed: stopped, then restarted as its restart policy says. */
  | { kind: "kill"; current: ContainerInfo; probe: "liveness" | "startup" }
  /** Exited, and the restart policy says it stays so. */
  | { kind: "done"; current: ContainerInfo }
  /** Create and start attempt `attempt` now; `replaces` is stopped (running) or removed (never started) first. */
  | { kind: "create"; attempt: number; step: number; replaces?: ContainerInfo }
  /** The image must be pulled first; the pull runs in the background. */
  | { kind: "pull"; image: string; waiting: ContainerStateWaiting }
  | { kind: "wait"; waiting: ContainerStateWaiting };

export function shouldRestart(pod: Pod, exited: ContainerInfo): boolean {
  const policy = pod.spec.restartPolicy ?? "Always";
  if (policy === "Always") return true;
  // A start the engine refused has exit code 127/128 or none: a failure, not a success.
  return policy === "OnFailure" && exited.exitCode !== 0;
}

/** `web_default(uid)`: how kubelet names a pod in its messages. */
export function podDisplayName(pod: Pod): string {
  return `${pod.metadata.name}_${podNamespace(pod)}(${podUid(pod)})`;
}

/** `blocked`: the containers of an earlier pod with the same name still hold the container names. */
export function planSandbox(pod: Pod, infras: readonly ContainerInfo[], view: AgentView, blocked: boolean): SandboxPlan {
  const current = infras[0];
  const hash = identify(current ?? { labels: {} })?.specHash;
  if (current && (hash === undefined || hash === infraSpecHash(pod))) {
    if (isRunning(current)) return { kind: "ready", infra: current };
    if (awaitsStart(current)) return { kind: "start", infra: current };
  }
  if (blocked) return { kind: "wait", message: "waiting for the containers of an earlier pod of the same name to be removed" };
  const failure = view.failures.get(failureKey(podUid(pod), INFRA_CONTAINER));
  const retryAt = failureRetryAt(failure);
  if (failure && retryAt !== undefined && view.now < retryAt) {
    return { kind: "wait", message: `failed to create the pod sandbox: ${failure.message}`, failed: true };
  }
  return { kind: "create", attempt: current ? attemptOf(current) + 1 : 0, stale: [...infras] };
}

function imagePlan(
  spec: Container,
  record: ImageRecord | undefined,
  since: number | undefined,
  now: number,
): "ready" | ContainerPlan {
  const image = spec.image;
  const policy = spec.imagePullPolicy ?? "IfNotPresent";
  const present = record?.present ?? false;
  if (policy === "Never") {
    if (present) return "ready";
    const message = `Container image "${image}" is not present with pull policy of Never`;
    return { kind: "wait", waiting: { reason: "ErrImageNeverPull", message } };
  }
  // Always: one pull per start attempt, the one made after the previous attempt ended (for a
  // first attempt, any pull this agent made: a pull per pod would be more than anyone needs).
  const fresh =
    policy === "Always" ? record?.pulledAt !== undefined && record.pulledAt >= (since ?? -Infinity) : present;
  if (fresh) return "ready";
  const waiting: ContainerStateWaiting =
    record && record.failures > 0
      ? record.reported
        ? { reason: "ImagePullBackOff", message: `Back-off pulling image "${image}"` }
        : { reason: "ErrImagePull", message: record.message ?? `pulling image "${image}" failed` }
      : { reason: "ContainerCreating" };
  const retryAt = pullRetryAt(record);
  if (record?.pulling || (retryAt !== undefined && now < retryAt)) return { kind: "wait", waiting };
  return { kind: "pull", image, waiting };
}

/** A new attempt is wanted: may it be created now, or what does it wait for? */
function newAttempt(
  pod: Pod,
  spec: Container,
  sandbox: SandboxPlan,
  view: AgentView,
  attempt: number,
  step: number,
  previous: ContainerInfo | undefined,
  replaces: ContainerInfo | undefined,
): ContainerPlan {
  if (sandbox.kind === "wait") return { kind: "wait", waiting: { reason: "ContainerCreating", message: sandbox.message } };
  const failure = view.failures.get(failureKey(podUid(pod), spec.name));
  const retryAt = failureRetryAt(failure);
  if (failure && failure.reason !== "RunContainerError" && retryAt !== undefined && view.now < retryAt) {
    return { kind: "wait", waiting: { reason: failure.reason, message: failure.message } };
  }
  const since = previous && hasExited(previous) ? exitedAt(previous) : undefined;
  const image = imagePlan(spec, view.images.get(spec.image), since, view.now);
  if (image !== "ready") return image;
  // As kubelet: the image first (ErrImagePull shows before a missing config), then the config.
  const problem = view.configs && configProblem(pod, spec, view.configs);
  if (problem) return { kind: "wait", waiting: { reason: "CreateContainerConfigError", message: problem } };
  const plan: ContainerPlan = { kind: "create", attempt, step };
  if (replaces) plan.replaces = replaces;
  return plan;
}

/**
 * One app container. `attempts` are its containers in this pod, newest first; `stopping` is a
 * pod that must not start anything (terminal, or being deleted).
 */
export function planContainer(
  pod: Pod,
  spec: Container,
  attempts: readonly ContainerInfo[],
  sandbox: SandboxPlan,
  view: AgentView,
  stopping = false,
): ContainerPlan {
  const current = attempts[0];
  if (!current) {
    if (stopping) return { kind: "wait", waiting: { reason: "ContainerCreating" } };
    return newAttempt(pod, spec, sandbox, view, 0, 0, undefined, undefined);
  }
  const id = identify(current);
  const next = attemptOf(current) + 1;
  const inSandbox = sandbox.kind === "ready" && id?.infraId === sandbox.infra.id;
  const sameSpec = id?.specHash === undefined || id.specHash === containerSpecHash(spec);
  const kill = isRunning(current) && !stopping ? containerHealth(spec, view.probes?.get(current.id)).kill : undefined;
  if (kill) return { kind: "kill", current, probe: kill };
  if (isRunning(current) || awaitsStart(current)) {
    // restartPolicy Never runs a container once: not even a new spec or sandbox replaces it.
    const once = (pod.spec.restartPolicy ?? "Always") === "Never";
    if (stopping || once || (inSandbox && sameSpec)) {
      return isRunning(current) ? { kind: "keep", current } : { kind: "start", current };
    }
    return newAttempt(pod, spec, sandbox, view, next, 0, undefined, current);
  }
  if (!hasExited(current)) return { kind: "wait", waiting: { reason: "ContainerCreating" } }; // "removing"
  if (stopping || !shouldRestart(pod, current)) return { kind: "done", current };
  if (view.now < crashRestartAt(current)) {
    const failure = view.failures.get(failureKey(podUid(pod), spec.name));
    if (failure?.reason === "RunContainerError" && !failure.reported) {
      return { kind: "wait", waiting: { reason: failure.reason, message: failure.message } };
    }
    const seconds = Math.round(crashDelayMs(current) / 1000);
    const message = `back-off ${seconds}s restarting failed container=${spec.name} pod=${podDisplayName(pod)}`;
    return { kind: "wait", waiting: { reason: "CrashLoopBackOff", message } };
  }
  return newAttempt(pod, spec, sandbox, view, next, nextBackoffStep(current, true), current, undefined);
}
