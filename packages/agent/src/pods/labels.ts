// The Docker labels and names every skiff container carries. The agent keeps no state that
// matters: after a restart it re-learns which pod, which container and which attempt each
// container is from these labels alone (as kubelet does with its io.kubernetes.* labels).
import type { ContainerInfo } from "../runtime/runtime.js";

export const LABELS = {
  /** The node (agent) that owns the container; an agent touches no container without its own. */
  node: "skiff.node",
  podUid: "skiff.pod.uid",
  podName: "skiff.pod.name",
  podNamespace: "skiff.pod.namespace",
  /** The container's name in the pod spec, or INFRA_CONTAINER for the pod's infra container. */
  container: "skiff.container",
  /** Attempt number, 0-based: the restart count lives on the containers, not in agent memory. */
  restart: "skiff.restart",
  /** Hash of the spec the container was made from: a changed image or command replaces it. */
  specHash: "skiff.spec-hash",
  /** Id of the infra container whose network this container joined (app containers only). */
  infra: "skiff.infra",
  /** Crash back-off step this container's exit waits (see backoff.ts). */
  backoffStep: "skiff.backoff-step",
  /** The pod's terminationGracePeriodSeconds, so an orphan is stopped as gently as its pod asked. */
  grace: "skiff.grace",
} as const;

/** Kubernetes names the pod sandbox container "POD"; no app container may be called that (names are lowercase). */
export const INFRA_CONTAINER = "POD";

/**
 * `skiff_<node>_<namespace>_<pod>_<container>_<attempt>`: Docker names are unique across the
 * engine and several agents may share one engine, so the node is part of the name. Kubernetes
 * names never contain `_`, so the parts stay readable and unambiguous in `docker ps`.
 */
export function containerName(node: string, namespace: string, pod: string, container: string, attempt: number): string {
  return `skiff_${node}_${namespace}_${pod}_${container}_${attempt}`;
}

/** The labels that select every container of one node: what the agent lists and watches. */
export function nodeSelector(node: string): Record<string, string> {
  return { [LABELS.node]: node };
}

/** What a container's labels say about it. */
export interface ContainerIdentity {
  podUid: string;
  podName: string;
  podNamespace: string;
  container: string;
  attempt: number;
  specHash?: string;
  infraId?: string;
  backoffStep?: number;
  graceSeconds?: number;
}

function int(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** Reads a container's identity; undefined for a container someone else labelled by hand. */
export function identify(info: Pick<ContainerInfo, "labels">): ContainerIdentity | undefined {
  const l = info.labels;
  const podUid = l[LABELS.podUid];
  const container = l[LABELS.container];
  if (!podUid || !container) return undefined;
  const id: ContainerIdentity = {
    podUid,
    podName: l[LABELS.podName] ?? "",
    podNamespace: l[LABELS.podNamespace] ?? "",
    container,
    attempt: int(l[LABELS.restart]) ?? 0,
  };
  const hash = l[LABELS.specHash];
  if (hash) id.specHash = hash;
  const infra = l[LABELS.infra];
  if (infra) id.infraId = infra;
  const step = int(l[LABELS.backoffStep]);
  if (step !== undefined) id.backoffStep = step;
  const grace = int(l[LABELS.grace]);
  if (grace !== undefined) id.graceSeconds = grace;
  return id;
}

/** The pod's uid, or `namespace/name` for a pod that has none yet (tests, hand-made pods). */
export function podUid(pod: { metadata: { uid?: string; name: string; namespace?: string } }): string {
  return pod.metadata.uid || `${pod.metadata.namespace ?? "default"}/${pod.metadata.name}`;
}

export function podNamespace(pod: { metadata: { namespace?: string } }): string {
  return pod.metadata.namespace ?? "default";
}
