// Pod -> container configs, pure: the same pod always gives the same configs. The runtime
// adapter (runtime/docker) turns a ContainerConfig into Docker's API shape; nothing here knows
// Docker's API, only Docker's rules (noted where they shape the result).
import { createHash } from "node:crypto";
import { parseCpu, parseMemory } from "@skiff/api/core";
import type { Container, Pod } from "@skiff/api/core";
import type { ContainerConfig, Mount } from "../runtime/runtime.js";
import type { ResolvedEnv } from "./env.js";
import { INFRA_CONTAINER, LABELS, containerName, podNamespace, podUid } from "./labels.js";
import { dnsConfig, portBindings, type PodNetwork } from "./pod-network.js";
import { appMounts, infraMounts } from "./volumes.js";

export const DEFAULT_GRACE_SECONDS = 30;

export interface InfraOptions {
  /** Attempt number of this infra container (a pod whose infra died gets a new one). */
  attempt?: number;
  /** Host address for hostPorts that name none: the node's address (127.0.0.N when agents share a machine). */
  hostIP?: string;
  /**
   * The node's bridge network: the infra container joins it, gets the agent's DNS, and publishes
   * every container port. Without it (before the agent made it), Docker's default bridge.
   */
  network?: PodNetwork;
}

export interface ContainerOptions {
  /** Crash back-off step this container's exit will wait (backoff.ts). */
  backoffStep?: number;
  /**
   * The environment, command and args with ConfigMaps, Secrets, the Downward API and `$(VAR)`
   * resolved (env.ts). Without it, only plain `value`s are passed and nothing is expanded.
   */
  resolved?: ResolvedEnv;
  /** The mounts of its persistentVolumeClaims, resolved from the claims sent with the pod (claims.ts). */
  claimMounts?: Mount[];
}

function podLabels(pod: Pod, nodeName: string, container: string, attempt: number): Record<string, string> {
  return {
    [LABELS.node]: nodeName,
    [LABELS.podUid]: podUid(pod),
    [LABELS.podName]: pod.metadata.name,
    [LABELS.podNamespace]: podNamespace(pod),
    [LABELS.container]: container,
    [LABELS.restart]: String(attempt),
    [LABELS.grace]: String(pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS),
  };
}

/** JSON with sorted keys, so that a hash does not depend on the order fields were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function hash(value: unknown): string {
  return createHash("sha256").update(canonical(value)).digest("hex").slice(0, 16);
}

/**
 * Hash of what a running container was made from. Probes and the pull policy are left out:
 * changing them needs no new container. (Kubernetes hashes the whole container spec; its
 * API refuses most changes anyway.) The mounts are covered by `volumeMounts`; what a mount's
 * volume refers to (a claim's name) is in the pod's `volumes`, which a pod cannot change
 * (Kubernetes refuses it): a new claim means a new pod, with a new uid, hence new containers.
 */
export function containerSpecHash(c: Container): string {
  const { name, image, command, args, env, workingDir, resources, ports, volumeMounts } = c;
  return hash({ name, image, command, args, env, workingDir, limits: resources?.limits, ports, volumeMounts });
}

/**
 * Hash of what the infra container holds: the hostname and the pod's ports. Not the network, its
 * DNS or the host ports the engine picked: those are the node's, not the pod's, and a pod made
 * on Docker's default bridge (before the node network existed) is adopted as it is, not moved.
 */
export function infraSpecHash(pod: Pod): string {
  return hash({ hostname: podHostname(pod), ports: pod.spec.containers.map((c) => c.ports ?? []) });
}

export function podHostname(pod: Pod): string {
  return pod.spec.hostname || pod.metadata.name;
}

/**
 * The pod's infra ("pause") container: it holds the network namespace the app containers join,
 * so it is the one that publishes their hostPorts, and the one that carries the hostname. Docker
 * refuses a hostname on a container joined with `container:<id>` ("conflicting options: hostname
 * and the network mode") and gives it the network container's hostname instead, so every
 * container of the pod sees the same hostname, as in Kubernetes.
 */
export function infraConfig(pod: Pod, nodeName: string, infraImage: string, options: InfraOptions = {}): ContainerConfig {
  const attempt = options.attempt ?? 0;
  const config: ContainerConfig = {
    name: containerName(nodeName, podNamespace(pod), pod.metadata.name, INFRA_CONTAINER, attempt),
    image: infraImage,
    labels: { ...podLabels(pod, nodeName, INFRA_CONTAINER, attempt), [LABELS.specHash]: infraSpecHash(pod) },
    hostname: podHostname(pod),
  };
  const network = options.network;
  const ports = portBindings(pod, options.hostIP, network !== undefined);
  if (ports.length > 0) config.portBindings = ports;
  if (network) Object.assign(config, { networkMode: network.name }, dnsConfig(pod, network));
  // It holds the pod's emptyDir, configMap and secret volumes for the pod's life (volumes.ts).
  const mounts = infraMounts(pod, nodeName);
  if (mounts.length > 0) config.mounts = mounts;
  return config;
}

function envList(c: Container): string[] {
  const env: string[] = [];
  for (const e of c.env ?? []) {
    // valueFrom and envFrom need the pod's configs: env.ts resolves them (options.resolved).
    if (e.value === undefined) continue;
    env.push(`${e.name}=${e.value}`);
  }
  return env;
}

/** One app container of the pod, joined to the network of the infra container `infraId`. */
export function containerConfig(
  pod: Pod,
  container: Container,
  nodeName: string,
  infraId: string,
  attempt: number,
  options: ContainerOptions = {},
): ContainerConfig {
  const labels = {
    ...podLabels(pod, nodeName, container.name, attempt),
    [LABELS.specHash]: containerSpecHash(container),
    [LABELS.infra]: infraId,
    [LABELS.backoffStep]: String(options.backoffStep ?? 0),
  };
  const config: ContainerConfig = {
    name: containerName(nodeName, podNamespace(pod), pod.metadata.name, container.name, attempt),
    image: container.image,
    labels,
    networkMode: `container:${infraId}`,
  };
  // Kubernetes' `command` replaces the image's ENTRYPOINT and `args` its CMD, as Docker's own fields do.
  const command = options.resolved ? options.resolved.command : container.command;
  const args = options.resolved ? options.resolved.args : container.args;
  if (command) config.command = [...command];
  if (args) config.args = [...args];
  const env = options.resolved ? options.resolved.env : envList(container);
  if (env.length > 0) config.env = env;
  if (container.workingDir) config.workingDir = container.workingDir;
  const limits = container.resources?.limits ?? {};
  if (limits.cpu !== undefined) config.cpuLimitMilli = parseCpu(limits.cpu);
  if (limits.memory !== undefined) config.memoryLimitBytes = parseMemory(limits.memory);
  const mounts = [...(options.claimMounts ?? []), ...appMounts(pod, container, nodeName).mounts];
  if (mounts.length > 0) config.mounts = mounts;
  return config;
}
