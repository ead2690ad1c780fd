import { afterEach, describe, expect, it } from "vitest";
import { isTraced, traceLatency } from "./trace.js";

const saved = process.env.SKIFF_TRACE;
afterEach(() => {
  if (saved === undefined) delete process.env.SKIFF_TRACE;
  else process.env.SKIFF_TRACE = saved;
});

describe("traces", () => {
  it("names components, or all", () => {
    expect(isTraced("pods", "scheduler, pods")).toBe(true);
    expect(isTraced("pods", "all")).toBe(true);
    expect(isTraced("pods", "scheduler")).toBe(false);
  });

  it("writes one JSON line per hand-off only when latency is traced", () => {
    const lines: string[] = [];
    process.env.SKIFF_TRACE = "scheduler";
    traceLatency("bound", "default/web", undefined, (l) => lines.push(l));
    expect(lines).toEqual([]);
    process.env.SKIFF_TRACE = "latency";
    traceLatency("bound", "default/web", { node: "n1" }, (l) => lines.push(l));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ latency: "bound", pod: "default/web", node: "n1", at: expect.any(Number) });
  });
});
