// What Docker shows, sorted into pods: for each pod uid, its infra containers and, per app
// container name, its attempts, newest first. Pure.
import type { ContainerInfo } from "../runtime/runtime.js";
import { INFRA_CONTAINER, identify } from "./labels.js";

export interface PodContainers {
  uid: string;
  name: string;
  namespace: string;
  /** Infra containers, newest attempt first. */
  infra: ContainerInfo[];
  /** App containers by name, newest attempt first. */
  apps: Map<string, ContainerInfo[]>;
}

export function attemptOf(info: ContainerInfo): number {
  return identify(info)?.attempt ?? 0;
}

function newestFirst(a: ContainerInfo, b: ContainerInfo): number {
  return attemptOf(b) - attemptOf(a) || b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
}

/** Groups containers by pod uid; containers without skiff's labels are left out. */
export function groupByPod(observed: readonly ContainerInfo[]): Map<string, PodContainers> {
  const pods = new Map<string, PodContainers>();
  for (const info of observed) {
    const id = identify(info);
    if (!id) continue;
    let pod = pods.get(id.podUid);
    if (!pod) {
      pod = { uid: id.podUid, name: id.podName, namespace: id.podNamespace, infra: [], apps: new Map() };
      pods.set(id.podUid, pod);
    }
    if (id.container === INFRA_CONTAINER) pod.infra.push(info);
    else pod.apps.set(id.container, [...(pod.apps.get(id.container) ?? []), info]);
  }
  for (const pod of pods.values()) {
    pod.infra.sort(newestFirst);
    for (const list of pod.apps.values()) list.sort(newestFirst);
  }
  return pods;
}

/** Every container of a pod: app containers first (they stop before the network they use). */
export function allContainers(pod: PodContainers): ContainerInfo[] {
  const apps = [...pod.apps.keys()].sort().flatMap((name) => pod.apps.get(name) ?? []);
  return [...apps, ...pod.infra];
}

/** Docker's "restarting" is its own restart policy, which skiff never sets; treat it as running. */
export function isRunning(info: ContainerInfo): boolean {
  return info.state === "running" || info.state === "paused" || info.state === "restarting";
}

/** A start the engine refused leaves the container "created", with the engine's error text. */
export function failedToStart(info: ContainerInfo): boolean {
  return info.state === "created" && Boolean(info.error);
}

/** The container's process ended (or never could begin): its attempt is over. */
export function hasExited(info: ContainerInfo): boolean {
  return info.state === "exited" || info.state === "dead" || failedToStart(info);
}

/** Created and not yet started: the agent stopped between create and start, or is starting it now. */
export function awaitsStart(info: ContainerInfo): boolean {
  return info.state === "created" && !info.error;
}
