// What the scheduler writes to a pod, as pure functions from (pod, decision, now) to the new pod.
// Bound: spec.nodeName, the PodScheduled condition True, and the decision annotation.
// Unschedulable: PodScheduled False with reason Unschedulable and the "0/3 nodes are available"
// message, but only when that changes anything, because every write is an event the scheduler
// itself watches: writing the same status again and again would be a loop.
// The input pod comes from the informer's cache and is never mutated: we build a new one.
import type { Pod, PodCondition } from "@skiff/api";
import { SCHEDULING_ANNOTATION, formatAnnotation } from "./annotation.js";
import type { Decision } from "./types.js";

export const POD_SCHEDULED = "PodScheduled";
export const UNSCHEDULABLE_REASON = "Unschedulable";

type Bound = Extract<Decision, { nodeName: string }>;
type Unschedulable = Extract<Decision, { unschedulable: string }>;

/** The pod bound to the decision's node. Keeps resourceVersion, so the write is a compare-and-swap. */
export function boundPod(pod: Pod, decision: Bound, now: Date): Pod {
  return withScheduling(pod, decision, { type: POD_SCHEDULED, status: "True" }, now, decision.nodeName);
}

/** The pod marked unschedulable, or undefined when it already says exactly that. */
export function unschedulablePod(pod: Pod, decision: Unschedulable, now: Date): Pod | undefined {
  const condition: PodCondition = { type: POD_SCHEDULED, status: "False", reason: UNSCHEDULABLE_REASON, message: decision.unschedulable };
  const current = pod.status?.conditions?.find((c) => c.type === POD_SCHEDULED);
  const same =
    current?.status === "False" &&
    current.reason === UNSCHEDULABLE_REASON &&
    current.message === decision.unschedulable &&
    pod.metadata.annotations?.[SCHEDULING_ANNOTATION] === formatAnnotation(decision);
  return same ? undefined : withScheduling(pod, decision, condition, now);
}

function withScheduling(pod: Pod, decision: Decision, condition: PodCondition, now: Date, nodeName?: string): Pod {
  return {
    ...pod,
    metadata: { ...pod.metadata, annotations: { ...pod.metadata.annotations, [SCHEDULING_ANNOTATION]: formatAnnotation(decision) } },
    spec: nodeName ? { ...pod.spec, nodeName } : pod.spec,
    status: { ...pod.status, conditions: setCondition(pod.status?.conditions ?? [], condition, now) },
  };
}

/** Replace (or add) the condition of that type; lastTransitionTime moves only when the status does. */
export function setCondition(conditions: readonly PodCondition[], next: PodCondition, now: Date): PodCondition[] {
  const current = conditions.find((c) => c.type === next.type);
  const lastTransitionTime = current && current.status === next.status && current.lastTransitionTime ? current.lastTransitionTime : now.toISOString();
  const updated: PodCondition = { ...next, lastTransitionTime };
  return current ? conditions.map((c) => (c === current ? updated : c)) : [...conditions, updated];
}
