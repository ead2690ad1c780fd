import { describe, expect, it } from "vitest";
import type { TraceStep } from "@skiff/api";
import { insertByTime, replayDelays } from "./timeline.js";

const step = (ms: number, revision?: number): TraceStep => ({ at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, ms)).toISOString(), ...(revision ? { revision } : {}), component: "agent", kind: "Pod", name: "p", step: "x", detail: "" });
const times = (steps: TraceStep[]) => steps.map((s) => Date.parse(s.at) % 100_000);

describe("the timeline's steps", () => {
  it("puts a late step where its time belongs, and steps of one instant by revision", () => {
    const kept = insertByTime([], [step(10), step(30)]);
    expect(times(insertByTime(kept, [step(20), step(40)]))).toEqual([10, 20, 30, 40]);
    const same = insertByTime([step(5, 9)], [step(5, 7)]);
    expect(same.map((s) => s.revision)).toEqual([7, 9]);
  });

  it("keeps the newest `max` steps", () => {
    expect(times(insertByTime([step(1), step(2)], [step(3)], 2))).toEqual([2, 3]);
  });

  it("does not change the list it was given (the view may be showing it, paused)", () => {
    const shown = [step(1)];
    insertByTime(shown, [step(2)]);
    expect(shown).toHaveLength(1);
  });
});

describe("a replay's pace", () => {
  it("waits the recorded gaps divided by the speed, never more than the cap, never less than nothing", () => {
    const steps = [step(0), step(400), step(400), step(100_000 - 1), step(50)];
    expect(replayDelays(steps, 4, 1500)).toEqual([0, 100, 0, 1500, 0]);
    expect(replayDelays(steps, 1, 10_000)).toEqual([0, 400, 0, 10_000, 0]);
  });
});
