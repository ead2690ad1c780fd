import { describe, expect, it } from "vitest";
import type { TraceStep } from "@skiff/api";
import { Reorder } from "./trace-order.js";

const step = (second: number, name: string): TraceStep => ({ at: new Date(Date.UTC(2026, 11, 7, 9, 0, second)).toISOString(), component: "x", kind: "Pod", name, step: "s", detail: "" });

describe("telling followed steps in time order", () => {
  it("holds each step for the window, so a late one takes its place", () => {
    let now = 0;
    const told: string[] = [];
    const timers: (() => void)[] = [];
    const r = new Reorder(1000, (s) => told.push(s.name), () => now, (fn) => (timers.push(fn), undefined));
    r.push(step(2, "scheduled"));
    now = 400;
    r.push(step(1, "created")); // arrived later, happened earlier
    now = 999;
    r.release();
    expect(told).toEqual([]);
    now = 1000;
    r.release();
    expect(told).toEqual(["created", "scheduled"]);
  });

  it("keeps a step newer than those due until its own window is over", () => {
    let now = 0;
    const told: string[] = [];
    const r = new Reorder(1000, (s) => told.push(s.name), () => now, () => undefined);
    r.push(step(1, "a"));
    now = 500;
    r.push(step(3, "c"));
    now = 1000;
    r.release();
    expect(told).toEqual(["a"]);
    r.flush();
    expect(told).toEqual(["a", "c"]);
  });
});
