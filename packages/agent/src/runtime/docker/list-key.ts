// When an earlier inspect of a container still holds, from what Docker's list says about it.
// The list's Status carries a human duration ("Up 2 seconds", "Exited (1) 3 minutes ago") that
// changes every second while a container is young: keyed on it, every pass of a starting node
// inspected every young container again (100 inspects a pass while 50 pods start, beside the
// creates and starts they slow down). So the key keeps the state, the exit code and the
// duration's unit only, and listAgrees() checks the duration against the inspected times: a
// container restarted behind skiff's back shows an uptime shorter than its inspected start allows.
import type Dockerode from "dockerode";
import type { ContainerInfo } from "../runtime.js";

// Docker's units.HumanDuration: "Less than a second", "1 second", "About a minute", "3 hours"...
const DURATION = /(\d+|Less than a|About an?) (second|minute|hour|day|week|month|year)s?/;

const UNIT_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86_400, week: 604_800, month: 2_592_000, year: 31_536_000 };

/** Seconds of leeway for the time between the engine writing the list and us reading the clock. */
const SLACK_SECONDS = 5;

/** Key of what the list tells about a container: state and status with the duration's unit only. */
export function listKey(c: Pick<Dockerode.ContainerInfo, "State" | "Status">): string {
  return `${c.State}|${c.Status.replace(DURATION, "$2")}`;
}

/** The most seconds a Status duration can stand for ("3 minutes": under 4 minutes), or undefined if it has none. */
export function durationAtMost(status: string): number | undefined {
  const m = DURATION.exec(status);
  if (!m) return undefined;
  const [, count, unit] = m;
  const n = count === "Less than a" ? 0 : count!.startsWith("About") ? 1 : Number(count);
  return (n + 1) * UNIT_SECONDS[unit!]!;
}

/**
 * Does the list's duration agree with an inspect of the same container? Running: the uptime is
 * at least the time since the inspected start; exited: the time since it finished, likewise. A
 * shorter duration means it started (or stopped) again since: inspect again.
 */
export function listAgrees(status: string, info: Pick<ContainerInfo, "state" | "startedAt" | "finishedAt">, nowMs: number): boolean {
  const atMost = durationAtMost(status);
  const since = info.state === "running" ? info.startedAt : info.finishedAt;
  if (atMost === undefined || !since) return true;
  return (nowMs - Date.parse(since)) / 1000 <= atMost + SLACK_SECONDS;
}
