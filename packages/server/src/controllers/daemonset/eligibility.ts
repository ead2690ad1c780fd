// Which nodes a DaemonSet's pod belongs on (Kubernetes' NodeShouldRunDaemonPod). Pure.
//
//   shouldRun              a pod should be made there: the node's name (if the template names one)
//                          and its labels (nodeSelector) fit, and every NoSchedule and NoExecute
//                          taint is tolerated
//   shouldContinueRunning  a pod already there may stay: the same, but only NoExecute taints count
//                          (a NoSchedule taint keeps new pods away, it does not evict)
//
// The pod is judged with the tolerations every daemon pod gets (well-known/daemonsets.ts), so a
// cordoned node (spec.unschedulable, which Kubernetes turns into the
// node.kubernetes.io/unschedulable:NoSchedule taint) keeps and gets its daemon pod, as in
// Kubernetes: a log shipper or network agent is wanted most on a node being drained.
// skiff has no node affinity (PodSpec.affinity is unsupported), so nodeSelector is the whole of
// the node match.
import type { Node, PodSpec, Taint } from "@skiff/api";
import { podToleratesTaint } from "../../scheduler/plugins/tolerations.js";

export interface Eligibility {
  shouldRun: boolean;
  shouldContinueRunning: boolean;
  /** Why not, in words, when shouldRun is false. */
  reason?: string;
}

function untolerated(spec: PodSpec, taints: readonly Taint[], effects: readonly string[]): Taint | undefined {
  // podToleratesTaint reads only spec.tolerations.
  const pod = { spec } as Parameters<typeof podToleratesTaint>[0];
  return taints.find((t) => effects.includes(t.effect) && !podToleratesTaint(pod, t));
}

/** `spec` is the daemon pod's spec as it will be made: the template's, with the daemon tolerations added. */
export function eligibility(node: Node, spec: PodSpec): Eligibility {
  const name = node.metadata.name;
  if (spec.nodeName && spec.nodeName !== name) return { shouldRun: false, shouldContinueRunning: false, reason: `the template names node ${spec.nodeName}` };
  const labels = node.metadata.labels ?? {};
  const mismatch = Object.entries(spec.nodeSelector ?? {}).find(([k, v]) => labels[k] !== v);
  if (mismatch) return { shouldRun: false, shouldContinueRunning: false, reason: `node does not match nodeSelector ${mismatch[0]}=${mismatch[1]}` };
  const taints = node.spec?.taints ?? [];
  const blocking = untolerated(spec, taints, ["NoSchedule", "NoExecute"]);
  if (!blocking) return { shouldRun: true, shouldContinueRunning: true };
  const evicting = untolerated(spec, taints, ["NoExecute"]);
  return {
    shouldRun: false,
    shouldContinueRunning: evicting === undefined,
    reason: `node has untolerated taint {${blocking.key}: ${blocking.value ?? ""}} (${blocking.effect})`,
  };
}
