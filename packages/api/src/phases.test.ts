import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PHASE_ORDER, canTransition, isTerminalPhase, transition } from "./phases.js";
import type { PodPhase } from "./types.js";

describe("transition", () => {
  it.each<[PodPhase | undefined, PodPhase, PodPhase, boolean]>([
    [undefined, "Pending", "Pending", true],
    [undefined, "Unknown", "Unknown", true],
    ["Pending", "Running", "Running", true],
    ["Pending", "Succeeded", "Succeeded", true],
    ["Pending", "Failed", "Failed", true],
    ["Running", "Succeeded", "Succeeded", true],
    ["Running", "Failed", "Failed", true],
    ["Running", "Running", "Running", true],
    ["Unknown", "Running", "Running", true],
    ["Unknown", "Pending", "Pending", true],
    ["Running", "Pending", "Running", false],
    ["Running", "Unknown", "Running", false],
    ["Pending", "Unknown", "Pending", false],
    ["Failed", "Running", "Failed", false],
    ["Succeeded", "Running", "Succeeded", false],
    ["Succeeded", "Failed", "Succeeded", false],
    ["Failed", "Succeeded", "Failed", false],
  ])("%s -> %s gives %s", (from, to, phase, ok) => {
    expect(transition(from, to)).toMatchObject({ phase, ok });
    expect(canTransition(from, to)).toBe(ok);
  });

  it("says why it refused", () => {
    expect(transition("Running", "Pending")).toEqual({ ok: false, phase: "Running", reason: "a pod does not go from Running back to Pending" });
    expect(transition("Failed", "Succeeded")).toEqual({ ok: false, phase: "Failed", reason: "a pod does not go from Failed to Succeeded: Failed is final" });
  });
});

const phases = fc.constantFrom<PodPhase>("Unknown", "Pending", "Running", "Succeeded", "Failed");

describe("pod phase only moves forward (property)", () => {
  it("whatever is proposed, in whatever order, the phase never goes back and a finished pod stays finished", () => {
    fc.assert(
      fc.property(fc.option(phases, { nil: undefined }), fc.array(phases, { maxLength: 30 }), (start, proposals) => {
        let phase = start;
        for (const to of proposals) {
          const t = transition(phase, to);
          // Refused keeps the phase, accepted takes the proposal: nothing else is ever produced.
          expect(t.phase).toBe(t.ok ? to : phase);
          if (phase !== undefined) {
            expect(PHASE_ORDER[t.phase]).toBeGreaterThanOrEqual(PHASE_ORDER[phase]);
            if (isTerminalPhase(phase)) expect(t.phase).toBe(phase);
            if (t.phase !== phase) expect(t.phase).not.toBe("Unknown");
          }
          phase = t.phase;
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it("no two different phases can each move to the other", () => {
    fc.assert(fc.property(phases, phases, (a, b) => a === b || !(canTransition(a, b) && canTransition(b, a))));
  });
});
