// The events a pod's life produces on the node, in kubelet's words. Pure: an action that
// succeeded, or a status that moved into a back-off, becomes the line `skiff describe pod` shows.
import type { Pod, PodStatus } from "@skiff/api/core";
import { INFRA_CONTAINER } from "./labels.js";
import type { Action } from "./reconcile.js";

export interface PodEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

export function actionEvent(a: Exclude<Action, { type: "pull" }>): PodEvent | undefined {
  switch (a.type) {
    case "createContainer":
      return { type: "Normal", reason: "Created", message: `Created container ${a.container}` };
    case "start":
      return a.container === INFRA_CONTAINER ? undefined : { type: "Normal", reason: "Started", message: `Started container ${a.container}` };
    case "stop":
      if (a.message) return { type: "Normal", reason: "Killing", message: a.message };
      return a.name === INFRA_CONTAINER ? undefined : { type: "Normal", reason: "Killing", message: `Stopping container ${a.name}` };
    default:
      return undefined;
  }
}

/**
 * `Error: configmap "x" not found` for each container that has just started waiting for a
 * config, or waits for another one: kubelet's Warning `Failed`. Names only, never values.
 */
export function configErrorEvents(before: PodStatus | undefined, after: PodStatus): string[] {
  const was = new Map((before?.containerStatuses ?? []).map((c) => [c.name, c.state?.waiting]));
  const out: string[] = [];
  for (const c of after.containerStatuses ?? []) {
    const waiting = c.state?.waiting;
    if (waiting?.reason !== "CreateContainerConfigError") continue;
    const previous = was.get(c.name);
    if (previous?.reason === waiting.reason && previous.message === waiting.message) continue;
    out.push(`Error: ${waiting.message ?? ""}`);
  }
  return out;
}

/** Messages for containers that have just entered CrashLoopBackOff or ImagePullBackOff. */
export function backOffEvents(pod: Pod, before: PodStatus | undefined, after: PodStatus): string[] {
  const was = new Map((before?.containerStatuses ?? []).map((c) => [c.name, c.state?.waiting?.reason]));
  const out: string[] = [];
  for (const c of after.containerStatuses ?? []) {
    const reason = c.state?.waiting?.reason;
    if (reason === was.get(c.name)) continue;
    const m = pod.metadata;
    if (reason === "CrashLoopBackOff") out.push(`Back-off restarting failed container ${c.name} in pod ${m.name}_${m.namespace ?? "default"}(${m.uid ?? ""})`);
    if (reason === "ImagePullBackOff") out.push(`Back-off pulling image "${c.image ?? ""}"`);
  }
  return out;
}
