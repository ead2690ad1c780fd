import { describe, expect, it } from "vitest";
import type { Container, Probe } from "@skiff/api";
import {
  containerHealth,
  dueProbes,
  initialState,
  killMessage,
  nextDueAt,
  probeBegun,
  probeEnded,
  unhealthyMessage,
  withStates,
  type ProbeKind,
  type ProbeOutcome,
  type ProbeState,
} from "./probe-state.js";

const probe = (p: Partial<Probe> = {}): Probe => ({ exec: { command: ["true"] }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3, ...p });
const ok: ProbeOutcome = { result: "success", output: "" };
const bad: ProbeOutcome = { result: "failure", output: "cat: can't open '/tmp/healthy'" };
const err: ProbeOutcome = { result: "error", output: "container is not running" };

/** Runs `outcomes` through a fresh probe of `kind`; the result after each. */
function results(kind: ProbeKind, p: Probe, outcomes: ProbeOutcome[]): { results: string[]; changed: boolean[]; last: ProbeState } {
  let state = initialState(kind, p, 0);
  const out: string[] = [];
  const changed: boolean[] = [];
  for (const o of outcomes) {
    const r = probeEnded(kind, probeBegun(state, p, 0), p, o);
    state = r.state;
    out.push(state.result);
    changed.push(r.changed);
  }
  return { results: out, changed, last: state };
}

describe("probe results (kubelet's thresholds)", () => {
  it.each<[string, ProbeKind, Partial<Probe>, ProbeOutcome[], string[]]>([
    ["readiness starts not ready; one success makes it ready", "readiness", {}, [ok], ["success"]],
    ["readiness needs successThreshold successes in a row", "readiness", { successThreshold: 2 }, [ok, bad, ok, ok], ["failure", "failure", "failure", "success"]],
    ["readiness stays ready until failureThreshold failures in a row", "readiness", {}, [ok, bad, bad, ok, bad, bad, bad], ["success", "success", "success", "success", "success", "success", "failure"]],
    ["readiness recovers after failing", "readiness", { failureThreshold: 1 }, [bad, ok], ["failure", "success"]],
    ["liveness starts passed; fails at the threshold", "liveness", {}, [bad, bad, bad], ["success", "success", "failure"]],
    ["liveness: a success in between starts the count again", "liveness", {}, [bad, bad, ok, bad, bad], ["success", "success", "success", "success", "success"]],
    ["startup starts unknown; succeeds on the first success", "startup", { failureThreshold: 30 }, [bad, bad, ok], ["unknown", "unknown", "success"]],
    ["startup fails at its threshold", "startup", { failureThreshold: 2 }, [bad, bad], ["unknown", "failure"]],
    ["an error counts for nothing", "liveness", { failureThreshold: 2 }, [bad, err, err, bad], ["success", "success", "success", "failure"]],
  ])("%s", (_name, kind, p, outcomes, want) => {
    expect(results(kind, probe(p), outcomes).results).toEqual(want);
  });

  it("reports a change only when the result that counts moves", () => {
    expect(results("readiness", probe(), [ok, ok, bad, bad, bad]).changed).toEqual([true, false, false, false, true]);
  });

  it("puts a failed liveness or startup probe on hold (the container is killed), not a readiness probe", () => {
    expect(results("liveness", probe({ failureThreshold: 1 }), [bad]).last).toMatchObject({ onHold: true, run: 0 });
    expect(results("startup", probe({ failureThreshold: 1 }), [bad]).last).toMatchObject({ onHold: true });
    expect(results("readiness", probe({ failureThreshold: 1 }), [bad]).last.onHold).toBe(false);
  });
});

describe("when probes run", () => {
  const spec = (p: Partial<Container>): Container => ({ name: "main", image: "busybox", ...p });

  it("waits initialDelaySeconds after the start, then every periodSeconds after each run began", () => {
    const c = spec({ livenessProbe: probe({ initialDelaySeconds: 5, periodSeconds: 3 }) });
    let states = withStates(c, {}, 1000);
    expect(dueProbes(c, states, 5999)).toEqual([]);
    expect(nextDueAt(c, states)).toBe(6000);
    expect(dueProbes(c, states, 6000)).toEqual(["liveness"]);
    states = { liveness: probeBegun(states.liveness!, c.livenessProbe!, 6000) };
    expect(dueProbes(c, states, 9500)).toEqual([]); // still running: one at a time
    states = { liveness: probeEnded("liveness", states.liveness!, c.livenessProbe!, ok).state };
    expect(dueProbes(c, states, 8999)).toEqual([]);
    expect(dueProbes(c, states, 9000)).toEqual(["liveness"]);
  });

  it("runs only the startup probe until it succeeds, then the others and no startup probe", () => {
    const c = spec({ startupProbe: probe(), livenessProbe: probe(), readinessProbe: probe() });
    const states = withStates(c, {}, 0);
    expect(dueProbes(c, states, 0)).toEqual(["startup"]);
    const started = { ...states, startup: probeEnded("startup", probeBegun(states.startup!, c.startupProbe!, 0), c.startupProbe!, ok).state };
    expect(dueProbes(c, started, 0)).toEqual(["liveness", "readiness"]);
  });

  it("stops probing a container on hold", () => {
    const c = spec({ livenessProbe: probe({ failureThreshold: 1 }) });
    const s = probeEnded("liveness", probeBegun(initialState("liveness", c.livenessProbe!, 0), c.livenessProbe!, 0), c.livenessProbe!, bad).state;
    expect(dueProbes(c, { liveness: s }, 60_000)).toEqual([]);
    expect(nextDueAt(c, { liveness: s })).toBe(Infinity);
  });
});

describe("containerHealth", () => {
  const c = (p: Partial<Container>): Container => ({ name: "main", image: "busybox", ...p });
  const state = (result: ProbeState["result"]): ProbeState => ({ result, run: 1, nextAt: 0, running: false, onHold: false });
  it.each<[string, Container, Parameters<typeof containerHealth>[1], ReturnType<typeof containerHealth>]>([
    ["no probes: started and ready once running", c({}), undefined, { started: true, ready: true }],
    ["readiness not yet run: not ready", c({ readinessProbe: probe() }), undefined, { started: true, ready: false }],
    ["readiness passed", c({ readinessProbe: probe() }), { readiness: state("success") }, { started: true, ready: true }],
    ["startup not passed: neither started nor ready", c({ startupProbe: probe() }), { startup: state("unknown") }, { started: false, ready: false }],
    ["startup passed, no readiness probe: ready", c({ startupProbe: probe() }), { startup: state("success") }, { started: true, ready: true }],
    ["liveness failed: kill", c({ livenessProbe: probe() }), { liveness: state("failure") }, { started: true, ready: true, kill: "liveness" }],
    ["startup failed: kill", c({ startupProbe: probe() }), { startup: state("failure") }, { started: false, ready: false, kill: "startup" }],
  ])("%s", (_name, spec, states, want) => {
    expect(containerHealth(spec, states)).toEqual(want);
  });
});

describe("messages (kubelet's words)", () => {
  it.each<[ProbeKind, ProbeOutcome, string | undefined]>([
    ["liveness", bad, "Liveness probe failed: cat: can't open '/tmp/healthy'"],
    ["readiness", { result: "failure", output: "HTTP probe failed with statuscode: 404" }, "Readiness probe failed: HTTP probe failed with statuscode: 404"],
    ["startup", err, "Startup probe errored: container is not running"],
    ["liveness", ok, undefined],
  ])("%s %o", (kind, outcome, want) => {
    expect(unhealthyMessage(kind, outcome)).toBe(want);
  });

  it("says whether the killed container will be restarted", () => {
    expect(killMessage("main", "liveness", true)).toBe("Container main failed liveness probe, will be restarted");
    expect(killMessage("main", "startup", false)).toBe("Container main failed startup probe");
  });
});
