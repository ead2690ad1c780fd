// The phase a pod's containers show (kubelet's getPhase). Whether the pod may move to it is the
// one phase rule of @skiff/api (`transition`: phases only move forward), which status.ts applies.
import type { ContainerStatus, PodPhase, RestartPolicy } from "@skiff/api/core";

/**
 * The phase the containers show, as kubelet's getPhase computes it: a container waiting for its
 * first start keeps the pod Pending; one waiting to restart (it has a last state) counts as
 * stopped, and a pod whose containers have all stopped is Running while they will restart.
 */
export function phaseOf(statuses: readonly ContainerStatus[], restartPolicy: RestartPolicy = "Always"): PodPhase {
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of statuses) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.lastState?.terminated) stopped++;
    else waiting++;
  }
  if (statuses.length === 0 || waiting > 0) return "Pending";
  if (running > 0) return "Running";
  if (restartPolicy === "Always") return "Running";
  if (stopped === succeeded) return "Succeeded";
  if (restartPolicy === "Never") return "Failed";
  // OnFailure: the failed ones will be restarted.
  return "Running";
}
