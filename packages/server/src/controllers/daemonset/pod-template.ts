// A new daemon pod for one node: the template, the revision labels, the daemon tolerations, an
// owner reference, and the node itself. Pure but for the name suffix and uid, passed in.
//
// Binding: Kubernetes (since 1.12) leaves daemon pods to the default scheduler with a required
// node affinity `metadata.name In [node]`, so that scheduler plugins (resources, ports,
// preemption) apply to them. skiff's scheduler has no node affinity (PodSpec.affinity is
// unsupported), so the pod is made with spec.nodeName set, as Kubernetes did before 1.12: it
// goes straight to the node's agent, and the scheduler (which only takes pods without a node)
// never sees it. The eligibility rules (eligibility.ts) stand in for its filters.
import {
  CONTROLLER_REVISION_HASH_LABEL,
  POD_TEMPLATE_GENERATION_LABEL,
  daemonPodTolerations,
  withTolerations,
  type DaemonSet,
  type Pod,
  type PodSpec,
} from "@skiff/api";
import { controllerRef } from "../owners.js";
import { generateName } from "../replicaset/pod-template.js";

/** On a daemon pod that replaces failed ones: how many failed in a row on its node (the backoff's memory, kept in the store). */
export const DAEMON_POD_FAILURES_ANNOTATION = "skiff.dev/daemon-pod-failures";

export function failuresOf(pod: Pod): number {
  const n = Number(pod.metadata.annotations?.[DAEMON_POD_FAILURES_ANNOTATION] ?? 0);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** The pod spec a daemon pod gets, before its node is set: the template's, with the daemon tolerations. */
export function daemonPodSpec(ds: DaemonSet): PodSpec {
  const spec = ds.spec.template.spec;
  return { ...spec, tolerations: withTolerations(spec.tolerations, daemonPodTolerations()) };
}

export function daemonPodName(ds: DaemonSet, random?: () => number): string {
  return generateName(ds.metadata.name, random);
}

export interface NewDaemonPod {
  nodeName: string;
  /** Failed pods on this node in a row before this one (0 for a first pod). */
  failures: number;
}

export function podForDaemonSet(ds: DaemonSet, want: NewDaemonPod, hash: string, name: string, uid: string, now: Date): Pod {
  const meta = ds.spec.template.metadata ?? {};
  const labels: Record<string, string> = { ...meta.labels, [CONTROLLER_REVISION_HASH_LABEL]: hash };
  if (ds.metadata.generation !== undefined) labels[POD_TEMPLATE_GENERATION_LABEL] = String(ds.metadata.generation);
  const annotations = { ...meta.annotations };
  if (want.failures > 0) annotations[DAEMON_POD_FAILURES_ANNOTATION] = String(want.failures);
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: ds.metadata.namespace,
      labels,
      ...(Object.keys(annotations).length ? { annotations } : {}),
      uid,
      creationTimestamp: now.toISOString(),
      generation: 1,
      ownerReferences: [controllerRef(ds)],
    },
    spec: { ...structuredClone(daemonPodSpec(ds)), nodeName: want.nodeName },
    status: { phase: "Pending" },
  };
}
