// A DaemonSet's pods by node, and the order Kubernetes reads them in. Pure.
import type { Pod } from "@skiff/api";

/** Pods by spec.nodeName ("" for a pod with none). */
export function podsByNode(pods: readonly Pod[]): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  for (const pod of pods) {
    const node = pod.spec.nodeName ?? "";
    out.set(node, [...(out.get(node) ?? []), pod]);
  }
  return out;
}

/** Oldest first, by name when made in the same second (Kubernetes' podByCreationTimestampAndPhase). */
export function oldestFirst(pods: readonly Pod[]): Pod[] {
  const created = (p: Pod) => Date.parse(p.metadata.creationTimestamp ?? "") || 0;
  return [...pods].sort((a, b) => created(a) - created(b) || a.metadata.name.localeCompare(b.metadata.name));
}

export const isTerminating = (pod: Pod): boolean => pod.metadata.deletionTimestamp !== undefined;
