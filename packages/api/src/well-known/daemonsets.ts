// The label on a DaemonSet's pods besides controller-revision-hash (statefulsets.ts), and the
// taints every daemon pod tolerates (Kubernetes' AddOrUpdateDaemonPodTolerations,
// pkg/controller/daemon/util): a daemon runs on a node that is unhealthy or cordoned, because it is
// often what keeps the node working (a log shipper, a network or storage agent).
import type { Toleration } from "../types.js";

/** On each pod: the DaemonSet's metadata.generation when the pod was made (Kubernetes' deprecated label, still set and read). */
export const POD_TEMPLATE_GENERATION_LABEL = "pod-template-generation";

export const TAINT_NOT_READY = "node.kubernetes.io/not-ready";
export const TAINT_UNREACHABLE = "node.kubernetes.io/unreachable";
export const TAINT_DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
export const TAINT_MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
export const TAINT_PID_PRESSURE = "node.kubernetes.io/pid-pressure";
export const TAINT_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
export const TAINT_NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";

const exists = (key: string, effect: "NoSchedule" | "NoExecute"): Toleration => ({ key, operator: "Exists", effect });

/**
 * The tolerations Kubernetes adds to every daemon pod. network-unavailable is added only for
 * hostNetwork pods in Kubernetes (a pod on the pod network needs the network); skiff has no
 * hostNetwork, so `hostNetwork` is false for every skiff pod today.
 */
export function daemonPodTolerations(hostNetwork = false): Toleration[] {
  return [
    exists(TAINT_NOT_READY, "NoExecute"),
    exists(TAINT_UNREACHABLE, "NoExecute"),
    exists(TAINT_DISK_PRESSURE, "NoSchedule"),
    exists(TAINT_MEMORY_PRESSURE, "NoSchedule"),
    exists(TAINT_PID_PRESSURE, "NoSchedule"),
    exists(TAINT_UNSCHEDULABLE, "NoSchedule"),
    ...(hostNetwork ? [exists(TAINT_NETWORK_UNAVAILABLE, "NoSchedule")] : []),
  ];
}

/** `tolerations` with each of `extra` added unless an equal one is there already. */
export function withTolerations(tolerations: readonly Toleration[] | undefined, extra: readonly Toleration[]): Toleration[] {
  const same = (a: Toleration, b: Toleration) =>
    a.key === b.key && (a.operator ?? "Equal") === (b.operator ?? "Equal") && (a.value ?? "") === (b.value ?? "") && a.effect === b.effect;
  const out = [...(tolerations ?? [])];
  for (const t of extra) if (!out.some((o) => same(o, t))) out.push(t);
  return out;
}
