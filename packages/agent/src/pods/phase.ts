// Pod phases move forward only: Pending -> Running -> Succeeded | Failed. A pod that has run
// never goes back to Pending (its sandbox being remade is still Running), and a finished pod
// never runs again. transition() is the one place that decides; nothing else writes a phase.
import type { ContainerStatus, PodPhase, RestartPolicy } from "@skiff/api";

export type Transition = { ok: true; phase: PodPhase } | { ok: false; phase: PodPhase; reason: string };

const RANK: Record<PodPhase, number> = { Unknown: -1, Pending: 0, Running: 1, Succeeded: 2, Failed: 2 };

/**
 * Moves `from` to `to`, or refuses and keeps `from`. Unknown is what the server writes for a
 * node it lost touch with: the agent, which sees the containers, may move it anywhere; the
 * agent itself never reports Unknown.
 */
export function transition(from: PodPhase | undefined, to: PodPhase): Transition {
  if (from === undefined || from === to) return { ok: true, phase: to };
  if (to === "Unknown") return { ok: false, phase: from, reason: `the agent does not report Unknown (${from})` };
  if (from === "Unknown") return { ok: true, phase: to };
  if (RANK[to] <= RANK[from]) return { ok: false, phase: from, reason: `a pod does not go from ${from} back to ${to}` };
  return { ok: true, phase: to };
}

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
