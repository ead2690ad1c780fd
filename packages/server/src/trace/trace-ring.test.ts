import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { TRACE_DETAIL_MAX, type TraceStep } from "@skiff/api";
import { TRACE_CAPACITY, TraceRing } from "./trace-ring.js";

const step = (i: number, namespace = "default"): TraceStep => ({ at: new Date(i).toISOString(), revision: i, component: "scheduler", kind: "Pod", namespace, name: `p${i}`, step: "scheduled", detail: "" });

describe("the trace ring", () => {
  it("keeps the newest steps, oldest first, and forgets the oldest when full", () => {
    const ring = new TraceRing(3);
    for (let i = 1; i <= 5; i++) ring.push(step(i));
    expect(ring.list().map((s) => s.revision)).toEqual([3, 4, 5]);
    expect(ring.size).toBe(3);
  });

  it("lists one namespace when asked", () => {
    const ring = new TraceRing(10);
    ring.push(step(1, "a"));
    ring.push(step(2, "b"));
    expect(ring.list("b").map((s) => s.name)).toEqual(["p2"]);
  });

  it("tells followers of each new step until they stop", () => {
    const ring = new TraceRing(10);
    const seen: string[] = [];
    const stop = ring.follow((s) => seen.push(s.name));
    ring.push(step(1));
    stop();
    ring.push(step(2));
    expect(seen).toEqual(["p1"]);
  });

  it("holds a full ring of the largest steps in under 10 MiB", () => {
    // A real collection before each reading, so the garbage of building the steps is not counted.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const ring = new TraceRing();
    const long = "x".repeat(TRACE_DETAIL_MAX);
    for (let i = 0; i < TRACE_CAPACITY; i++) {
      ring.push({ ...step(i), uid: crypto.randomUUID(), ownerUids: [crypto.randomUUID()], node: `node-${i % 7}`, name: `web-5d8f7c9b4-${i}`, detail: `${long.slice(0, -String(i).length)}${i}` });
    }
    gc();
    const used = process.memoryUsage().heapUsed - before;
    expect(ring.size).toBe(TRACE_CAPACITY);
    console.log(`a full trace ring of ${TRACE_CAPACITY} steps with ${TRACE_DETAIL_MAX}-character details: ${(used / 1024 / 1024).toFixed(1)} MiB of heap`);
    expect(used).toBeLessThan(10 * 1024 * 1024);
  });
});
