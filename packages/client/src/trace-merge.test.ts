// Merging the trace steps of several servers: every write once (each server saw it, at its own
// time), every other step kept, a dead server left out, and the streams ended with the caller.
import { describe, expect, it } from "vitest";
import type { TraceStep } from "@skiff/api";
import { mergeTraces, traceStepKey } from "./trace-merge.js";

const step = (over: Partial<TraceStep>): TraceStep => ({ at: "2026-01-01T00:00:00.000Z", component: "user", kind: "Deployment", namespace: "default", name: "web", step: "created", detail: "", ...over });
const write = (at: string) => step({ at, revision: 7 });

async function* from(steps: TraceStep[], fail?: Error): AsyncGenerator<TraceStep> {
  for (const s of steps) yield s;
  if (fail) throw fail;
}

async function all(it: AsyncIterable<TraceStep>): Promise<TraceStep[]> {
  const out: TraceStep[] = [];
  for await (const s of it) out.push(s);
  return out;
}

describe("traceStepKey", () => {
  it.each([
    ["one write seen by two servers at different times", write("2026-01-01T00:00:00.001Z"), write("2026-01-01T00:00:00.009Z"), true],
    ["two writes of the object", write("x"), step({ at: "x", revision: 8 }), false],
    ["one agent step told twice", step({ component: "agent", node: "n1", step: "container started" }), step({ component: "agent", node: "n1", step: "container started" }), true],
    ["an agent step on two nodes", step({ component: "agent", node: "n1", step: "container started" }), step({ component: "agent", node: "n2", step: "container started" }), false],
    ["the same step at two times", step({ component: "agent", at: "a" }), step({ component: "agent", at: "b" }), false],
  ])("%s: same = %s", (_what, a, b, same) => {
    expect(traceStepKey(a) === traceStepKey(b)).toBe(same);
  });
});

describe("mergeTraces", () => {
  it("tells a write every server saw once, and each server's own steps", async () => {
    const a = [write("t1"), step({ component: "scheduler", step: "scheduled", at: "t2" })];
    const b = [write("t1b"), step({ component: "agent", node: "n2", step: "container started", at: "t3" })];
    const merged = await all(mergeTraces([() => from(a), () => from(b)]));
    expect(merged.map((s) => s.step).sort()).toEqual(["container started", "created", "scheduled"]);
  });

  it("leaves out a server that fails while another answers, and throws only when all fail", async () => {
    const down = new Error("server 2 does not answer");
    expect(await all(mergeTraces([() => from([write("t")]), () => from([], down)]))).toHaveLength(1);
    await expect(all(mergeTraces([() => from([], down), () => from([], new Error("other"))]))).rejects.toBe(down);
  });

  it("ends every stream when the caller stops reading", async () => {
    const signals: AbortSignal[] = [];
    const endless = (signal: AbortSignal) => {
      signals.push(signal);
      return (async function* () {
        yield step({ at: String(signals.length), component: "agent" });
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
      })();
    };
    for await (const _ of mergeTraces([endless, endless])) break;
    expect(signals.map((s) => s.aborted)).toEqual([true, true]);
  });

  it("ends with the caller's signal", async () => {
    const ac = new AbortController();
    const endless = (signal: AbortSignal) =>
      (async function* () {
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
      })();
    const done = all(mergeTraces([endless], ac.signal));
    ac.abort();
    expect(await done).toEqual([]);
  });
});
