// The probes of the node's running containers: which are due is decided by probe-state.ts, the
// runs are prober.ts'. The pod manager calls sync() on every pass with its plan, and reads the
// results back (results()) into the next plan: a failed liveness probe becomes a kill, readiness
// becomes the container's `ready`. Results are kept in memory per container id: an agent that
// restarts probes again from scratch, and a container's next attempt (a new id) starts afresh.
import type { Container } from "@skiff/api/core";
import type { Logger } from "pino";
import type { Runtime } from "../../runtime/runtime.js";
import { isRunning } from "../observed.js";
import type { PodPlan } from "../pod-plan.js";
import { runProbe } from "./prober.js";
import {
  dueProbes,
  nextDueAt,
  probeBegun,
  probeEnded,
  probeOf,
  timing,
  unhealthyMessage,
  withStates,
  type ContainerProbes,
  type ProbeKind,
} from "./probe-state.js";

export interface ProbeManagerOptions {
  runtime: Runtime;
  log: Logger;
  /** A run ended: `changed` when a result that counts moved (the pod manager plans again); `warning` for the Unhealthy event. */
  onResult: (podUid: string, changed: boolean, warning?: string) => void;
}

interface Tracked {
  podUid: string;
  spec: Container;
  states: ContainerProbes;
}

export class ProbeManager {
  private readonly tracked = new Map<string, Tracked>();

  constructor(private readonly options: ProbeManagerOptions) {}

  /** The probe states by container id, for the plan. */
  results(): ReadonlyMap<string, ContainerProbes> {
    return new Map([...this.tracked].map(([id, t]) => [id, t.states]));
  }

  /** Starts the probes due now, and forgets the containers no longer running. */
  sync(pods: readonly PodPlan[], now: number): void {
    const seen = new Set<string>();
    for (const p of pods) {
      if (p.stopping) continue;
      const podIP = p.sandbox.kind === "ready" ? p.sandbox.infra.ipAddress : undefined;
      for (const { spec, attempts } of p.containers) {
        const current = attempts[0];
        if (!current || !isRunning(current) || !(spec.startupProbe || spec.livenessProbe || spec.readinessProbe)) continue;
        seen.add(current.id);
        const startedAt = current.startedAt ? Date.parse(current.startedAt) : now;
        const tracked = this.tracked.get(current.id) ?? { podUid: p.uid, spec, states: {} };
        tracked.spec = spec; // probes are not in the spec hash: a new spec's probes apply to the running container
        tracked.states = withStates(spec, tracked.states, Number.isNaN(startedAt) ? now : startedAt);
        this.tracked.set(current.id, tracked);
        for (const kind of dueProbes(spec, tracked.states, now)) {
          const probe = probeOf(spec, kind);
          const state = tracked.states[kind];
          if (!probe || !state) continue;
          tracked.states[kind] = probeBegun(state, probe, now);
          const subject = { runtime: this.options.runtime, container: spec, containerId: current.id, podIP };
          void runProbe(probe, subject, timing(probe).timeoutSeconds * 1000).then((outcome) => {
            const t = this.tracked.get(current.id);
            const before = t?.states[kind];
            if (!t || !before) return; // the container is gone
            const { state: after, changed } = probeEnded(kind, before, probe, outcome);
            t.states[kind] = after;
            this.trace(spec.name, kind, outcome.result, outcome.output);
            this.options.onResult(t.podUid, changed, unhealthyMessage(kind, outcome));
          });
        }
      }
    }
    for (const id of this.tracked.keys()) if (!seen.has(id)) this.tracked.delete(id);
  }

  /** Milliseconds until the next probe is due (Infinity: none). */
  msUntilDue(now: number): number {
    let next = Infinity;
    for (const { spec, states } of this.tracked.values()) next = Math.min(next, nextDueAt(spec, states) - now);
    return Math.max(next, 0);
  }

  private trace(container: string, kind: ProbeKind, result: string, output: string): void {
    this.options.log.trace({ container, probe: kind, result, output }, "probe ran");
  }
}
