// A pod's READY, STATUS, RESTARTS and IP cells, by kubectl's rules (printers.go printPod).
import type { Pod } from "../types.js";
import { humanDuration } from "./age.js";
import { NONE } from "./labels.js";

/**
 * The STATUS column: the phase, or the pod's reason (`NodeLost`, `Evicted`), overridden by what a
 * container is doing (its waiting reason, `ContainerCreating`, `CrashLoopBackOff`..., or how it
 * ended, `Completed`, `Error`, `OOMKilled`, `ExitCode:N`), the first container winning;
 * `Terminating` once deletion has begun.
 */
export function podStatus(pod: Pod): string {
  let reason = pod.status?.reason || pod.status?.phase || "Pending";
  let hasRunning = false;
  const statuses = pod.status?.containerStatuses ?? [];
  // Last to first, so the first container's state is the one left standing.
  for (let i = statuses.length - 1; i >= 0; i--) {
    const st = statuses[i]?.state;
    if (st?.waiting?.reason) reason = st.waiting.reason;
    else if (st?.terminated) {
      const t = st.terminated;
      reason = t.reason || (t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`);
    } else if (statuses[i]?.ready && st?.running) hasRunning = true;
  }
  // One container done and another still running: the pod is not "Completed".
  if (reason === "Completed" && hasRunning) {
    reason = pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ? "Running" : "NotReady";
  }
  if (pod.metadata.deletionTimestamp) return pod.status?.reason === "NodeLost" ? "Unknown" : "Terminating";
  return reason;
}

/** READY: containers ready and running, over the containers the pod declares (`1/2`). */
export function podReady(pod: Pod): string {
  const total = pod.spec?.containers?.length ?? 0;
  const ready = (pod.status?.containerStatuses ?? []).filter((c) => c.ready && c.state?.running).length;
  return `${ready}/${total}`;
}

/** RESTARTS: the sum over containers, and how long ago the last one was (`5 (3m ago)`, kubectl 1.26+). */
export function podRestarts(pod: Pod, now: number): string {
  let restarts = 0;
  let last = 0;
  for (const cs of pod.status?.containerStatuses ?? []) {
    restarts += cs.restartCount ?? 0;
    const finished = Date.parse(cs.lastState?.terminated?.finishedAt ?? "");
    if (!Number.isNaN(finished)) last = Math.max(last, finished);
  }
  return restarts && last ? `${restarts} (${humanDuration(now - last)} ago)` : String(restarts);
}

/** IP: the first of `podIPs` (else `podIP`), <none> until the pod has one. */
export function podIP(pod: Pod): string {
  return pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || NONE;
}
