// Pod phases only move forward: Pending -> Running -> Succeeded | Failed. A status report that
// would move a pod backwards (an agent that comes back after its pods were failed) is refused.
import type { PodPhase } from "./types.js";

const ORDER: Record<PodPhase, number> = { Unknown: 0, Pending: 1, Running: 2, Succeeded: 3, Failed: 3 };

export function isTerminalPhase(phase: PodPhase | undefined): boolean {
  return phase === "Succeeded" || phase === "Failed";
}

/** May a pod in phase `from` move to `to`? Staying put is allowed; terminal phases are final. */
export function canTransition(from: PodPhase | undefined, to: PodPhase): boolean {
  if (from === undefined || from === to) return true;
  if (isTerminalPhase(from)) return false;
  return ORDER[to] >= ORDER[from] || to === "Unknown";
}
