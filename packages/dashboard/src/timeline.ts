// The Control loop's timeline as plain functions: steps kept in time order (steps come from the
// server and the agents, each with its own delay), bounded, and the pace of a replay.
import type { TraceStep } from "@skiff/api";
import { byTime } from "@skiff/api/trace";

/** The newest this many steps of a story are kept: the page is a window, not an archive. */
export const TIMELINE_MAX = 2000;
/** A replay waits the real time between two steps divided by its speed, but never longer than this. */
export const REPLAY_MAX_GAP_MS = 1500;

/** `steps` with `added` put in time order (a late step goes where it belongs), the oldest dropped past `max`. */
export function insertByTime(steps: readonly TraceStep[], added: readonly TraceStep[], max = TIMELINE_MAX): TraceStep[] {
  const out = [...steps];
  for (const s of added) {
    let i = out.length;
    while (i > 0 && byTime(out[i - 1]!, s) > 0) i--;
    out.splice(i, 0, s);
  }
  return out.length > max ? out.slice(out.length - max) : out;
}

/** How long a replay waits before showing each step: the recorded gaps, `speed` times faster, capped. */
export function replayDelays(steps: readonly TraceStep[], speed: number, maxGapMs = REPLAY_MAX_GAP_MS): number[] {
  return steps.map((s, i) => {
    if (i === 0) return 0;
    const gap = Date.parse(s.at) - Date.parse(steps[i - 1]!.at);
    return Math.min(maxGapMs, Math.max(0, Math.round(gap / speed)));
  });
}

/** The step's time of day to the millisecond (UTC), as `skiff trace` prints it. */
export const stepTime = (s: TraceStep) => (s.at.length >= 23 ? s.at.slice(11, 23) : s.at);
