// SKIFF_TRACE=scheduler,pods (or "all") turns on step-by-step traces for the named components of
// the server and the agent, for a person watching one loop. Pure: the variable's text comes in.
export function isTraced(component: string, setting: string | undefined = process.env.SKIFF_TRACE): boolean {
  const names = (setting ?? "").split(",").map((s) => s.trim());
  return names.includes(component) || names.includes("all");
}

/** The hand-offs of a pod on its way from apply to Running, in order (docs/debugging.md). */
export type LatencyStep =
  | "stored"
  | "bound"
  | "assignment sent"
  | "assignment received"
  | "infra created"
  | "infra started"
  | "app created"
  | "app started"
  | "status reported"
  | "status stored";

let latencySetting: string | undefined;
let latencyOn = false;

/**
 * SKIFF_TRACE=latency (or all): one JSON line on stderr per hand-off, `{"latency":step,"pod":
 * "ns/name","at":<ms since the epoch>}`, from the server and the agent alike, so one pod's way
 * can be put together by its name and timed. Off, it costs one string comparison.
 */
export function traceLatency(step: LatencyStep, pod: string, extra?: Record<string, string>, write: (line: string) => void = (l) => process.stderr.write(l)): void {
  const setting = process.env.SKIFF_TRACE;
  if (setting !== latencySetting) {
    latencySetting = setting;
    latencyOn = isTraced("latency", setting);
  }
  if (latencyOn) write(`${JSON.stringify({ latency: step, pod, at: Date.now(), ...extra })}\n`);
}
