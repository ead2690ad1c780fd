// traceSteps: what Api.Trace and the dashboard's trace stream both read.
import { describe, expect, it } from "vitest";
import { UnavailableError, type TraceStep } from "@skiff/api";
import { FOLLOW_BUFFER, traceSteps } from "./follow.js";
import { TraceRing } from "./trace-ring.js";

const step = (i: number, namespace = "default"): TraceStep => ({ at: new Date(i).toISOString(), revision: i, component: "user", kind: "Pod", namespace, name: `p${i}`, step: "created", detail: "" });

describe("the steps a trace reader gets", () => {
  it("without follow: the kept steps of the namespace, oldest first, then the end", async () => {
    const ring = new TraceRing(10);
    [step(1), step(2, "other"), step(3)].forEach((s) => ring.push(s));
    const got: number[] = [];
    for await (const s of traceSteps(ring, { namespace: "default", follow: false, signal: new AbortController().signal })) got.push(s.revision!);
    expect(got).toEqual([1, 3]);
  });

  it("with follow: the kept steps, then each new one of the namespace, until the signal; then it stops following", async () => {
    const ring = new TraceRing(10);
    ring.push(step(1));
    const ac = new AbortController();
    const got: number[] = [];
    const reading = (async () => {
      for await (const s of traceSteps(ring, { namespace: "default", follow: true, signal: ac.signal })) {
        got.push(s.revision!);
        if (s.revision === 1) setTimeout(() => [step(2, "other"), step(3)].forEach((x) => ring.push(x)), 5);
        if (s.revision === 3) setTimeout(() => ac.abort(), 5);
      }
    })();
    await reading;
    expect(got).toEqual([1, 3]);
    expect((ring as unknown as { followers: Set<unknown> }).followers.size).toBe(0);
  });

  it("a follower that stops reading is cut off, not buffered for without bound", async () => {
    const ring = new TraceRing(10);
    const steps = traceSteps(ring, { follow: true, signal: new AbortController().signal });
    ring.push(step(1));
    await steps.next();
    for (let i = 0; i <= FOLLOW_BUFFER + 1; i++) ring.push(step(i + 2));
    await expect((async () => {
      for (;;) await steps.next();
    })()).rejects.toThrow(UnavailableError);
  });
});
