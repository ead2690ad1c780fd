// The probe state machine, as kubelet's prober worker (pkg/kubelet/prober/worker.go), pure: the
// time comes in, the outcome of each probe comes in, and out comes the result that counts.
//
// - A probe first runs `initialDelaySeconds` after the container started, then every
//   `periodSeconds` (one at a time: a slow probe delays the next).
// - The result changes only after `failureThreshold` consecutive failures or `successThreshold`
//   consecutive successes; until then the previous result stands. Before any, a readiness probe
//   counts as failed (not ready), a liveness probe as passed, a startup probe as unknown.
// - A startup probe gates the others: they do not run until it has succeeded, and it stops then.
// - A liveness or startup probe that fails puts the container on hold: no more probes; the pod
//   manager kills it, and its next attempt (a new container id) starts from scratch.
// - A probe that could not be run at all (the engine refused the exec) is thrown away.
import type { Container, Probe } from "@skiff/api/core";

export type ProbeKind = "startup" | "liveness" | "readiness";
export type ProbeResult = "success" | "failure" | "unknown";

/** What one run of a probe gave; `output` is what the event shows. */
export type ProbeOutcome = { result: "success" | "failure" | "error"; output: string };

export interface ProbeState {
  /** The result that counts. */
  result: ProbeResult;
  /** The outcome of the last run, and how many runs in a row gave it. */
  last?: "success" | "failure";
  run: number;
  /** When the next run may start (ms since the epoch). */
  nextAt: number;
  running: boolean;
  onHold: boolean;
}

export type ContainerProbes = Partial<Record<ProbeKind, ProbeState>>;

export interface ProbeTiming {
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

/** Validation applies Kubernetes' defaults; these stand in for a probe that skipped it. */
export function timing(probe: Probe): ProbeTiming {
  return {
    initialDelaySeconds: probe.initialDelaySeconds ?? 0,
    periodSeconds: probe.periodSeconds || 10,
    timeoutSeconds: probe.timeoutSeconds || 1,
    successThreshold: probe.successThreshold || 1,
    failureThreshold: probe.failureThreshold || 3,
  };
}

export const PROBE_KINDS: readonly ProbeKind[] = ["startup", "liveness", "readiness"];

export function probeOf(spec: Container, kind: ProbeKind): Probe | undefined {
  return kind === "startup" ? spec.startupProbe : kind === "liveness" ? spec.livenessProbe : spec.readinessProbe;
}

const INITIAL: Record<ProbeKind, ProbeResult> = { readiness: "failure", liveness: "success", startup: "unknown" };

export function initialState(kind: ProbeKind, probe: Probe, startedAt: number): ProbeState {
  return { result: INITIAL[kind], run: 0, nextAt: startedAt + timing(probe).initialDelaySeconds * 1000, running: false, onHold: false };
}

/** The container's probes with their state, new ones made for a container started at `startedAt`. */
export function withStates(spec: Container, states: ContainerProbes, startedAt: number): ContainerProbes {
  const out: ContainerProbes = { ...states };
  for (const kind of PROBE_KINDS) {
    const probe = probeOf(spec, kind);
    if (probe && !out[kind]) out[kind] = initialState(kind, probe, startedAt);
  }
  return out;
}

function started(spec: Container, states: ContainerProbes): boolean {
  return !spec.startupProbe || states.startup?.result === "success";
}

/** The probes that may run once their time comes: not running, not on hold, past the startup gate. */
function eligible(spec: Container, states: ContainerProbes): ProbeKind[] {
  const gateOpen = started(spec, states);
  return PROBE_KINDS.filter((kind) => {
    const s = states[kind];
    if (!probeOf(spec, kind) || !s || s.running || s.onHold) return false;
    return kind === "startup" ? !gateOpen : gateOpen;
  });
}

/** The probes of a running container that should run now. */
export function dueProbes(spec: Container, states: ContainerProbes, now: number): ProbeKind[] {
  return eligible(spec, states).filter((kind) => now >= (states[kind]?.nextAt ?? Infinity));
}

/** When the next probe of the container is due (Infinity: none is waiting). */
export function nextDueAt(spec: Container, states: ContainerProbes): number {
  return Math.min(Infinity, ...eligible(spec, states).map((kind) => states[kind]?.nextAt ?? Infinity));
}

/** A run starts now: the next one is due a period later. */
export function probeBegun(state: ProbeState, probe: Probe, now: number): ProbeState {
  return { ...state, running: true, nextAt: now + timing(probe).periodSeconds * 1000 };
}

/** A run ended; `changed` when the result that counts moved. */
export function probeEnded(kind: ProbeKind, state: ProbeState, probe: Probe, outcome: ProbeOutcome): { state: ProbeState; changed: boolean } {
  const next: ProbeState = { ...state, running: false };
  if (outcome.result === "error") return { state: next, changed: false };
  const { result } = outcome;
  if (next.last === result) next.run += 1;
  else Object.assign(next, { last: result, run: 1 });
  const t = timing(probe);
  const threshold = result === "failure" ? t.failureThreshold : t.successThreshold;
  if (next.run < threshold) return { state: next, changed: false };
  const changed = next.result !== result;
  next.result = result;
  if (result === "failure" && kind !== "readiness") Object.assign(next, { onHold: true, run: 0 });
  return { state: next, changed };
}

export interface ContainerHealth {
  /** The startup probe has succeeded (or there is none). */
  started: boolean;
  ready: boolean;
  /** The probe whose failure means the container must be killed. */
  kill?: "liveness" | "startup";
}

/** A running container's health, from its probes' results (none yet: their initial values). */
export function containerHealth(spec: Container, states: ContainerProbes | undefined): ContainerHealth {
  const s = withStates(spec, states ?? {}, 0);
  const isStarted = started(spec, s);
  const health: ContainerHealth = { started: isStarted, ready: isStarted && (!spec.readinessProbe || s.readiness?.result === "success") };
  if (s.startup?.result === "failure") health.kill = "startup";
  else if (s.liveness?.result === "failure") health.kill = "liveness";
  return health;
}

const TITLE: Record<ProbeKind, string> = { startup: "Startup", liveness: "Liveness", readiness: "Readiness" };

/** kubelet's Warning `Unhealthy` for a run that failed (every one, not only at the threshold). */
export function unhealthyMessage(kind: ProbeKind, outcome: ProbeOutcome): string | undefined {
  if (outcome.result === "success") return undefined;
  return `${TITLE[kind]} probe ${outcome.result === "error" ? "errored" : "failed"}: ${outcome.output}`;
}

/** kubelet's Normal `Killing` when a probe's failure kills the container. */
export function killMessage(container: string, kind: "liveness" | "startup", restarts: boolean): string {
  return `Container ${container} failed ${kind} probe${restarts ? ", will be restarted" : ""}`;
}
