// The one pod phase rule, used by the agent when it computes a status and by the server when it
// stores one: phases only move forward.
//
//   Unknown -> Pending -> Running -> Succeeded | Failed
//
// A pod that has run never goes back to Pending (its sandbox being remade is still Running); a
// finished pod (Succeeded or Failed) never runs again, and never turns into the other ending.
// Unknown is Kubernetes' phase for a pod whose state could not be read: a pod may start there and
// leave it for any phase, but nothing moves a pod into it: the agent, which sees the containers,
// reports what they show; the pods of a node that went silent lose Ready, and end Failed once it is
// lost (server/src/nodes/lifecycle-plan.ts: a forward move like any other).
import type { PodPhase } from "./types.js";

export type Transition = { ok: true; phase: PodPhase } | { ok: false; phase: PodPhase; reason: string };

/** How far along each phase is; a move must go up (the two endings share the last step). */
export const PHASE_ORDER: Readonly<Record<PodPhase, number>> = { Unknown: 0, Pending: 1, Running: 2, Succeeded: 3, Failed: 3 };

export function isTerminalPhase(phase: PodPhase | undefined): boolean {
  return phase === "Succeeded" || phase === "Failed";
}

/**
 * Moves `from` to `to`, or refuses and keeps `from`, saying why. No phase yet, or the same phase
 * again, is always fine.
 */
export function transition(from: PodPhase | undefined, to: PodPhase): Transition {
  if (from === undefined || from === to) return { ok: true, phase: to };
  if (isTerminalPhase(from)) return { ok: false, phase: from, reason: `a pod does not go from ${from} to ${to}: ${from} is final` };
  if (PHASE_ORDER[to] <= PHASE_ORDER[from]) return { ok: false, phase: from, reason: `a pod does not go from ${from} back to ${to}` };
  return { ok: true, phase: to };
}

/** May a pod in phase `from` move to `to`? */
export function canTransition(from: PodPhase | undefined, to: PodPhase): boolean {
  return transition(from, to).ok;
}
