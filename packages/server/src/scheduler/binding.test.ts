import { describe, expect, it } from "vitest";
import { deepFreeze } from "../informer/freeze.js";
import { SCHEDULING_ANNOTATION, parseSchedulingAnnotation } from "./annotation.js";
import { boundPod, setCondition, unschedulablePod } from "./binding.js";
import { makePod } from "./test-fixtures.js";
import type { Decision } from "./types.js";

const t0 = new Date("2026-01-01T00:00:00Z");
const t1 = new Date("2026-01-01T00:01:00Z");
const record = { nodes: [{ node: "n1", scores: { LeastAllocated: 50 }, total: 50 }] };
const bound: Decision & { nodeName: string } = { nodeName: "n1", record };
const none = (message: string): Decision & { unschedulable: string } => ({
  unschedulable: message,
  record: { nodes: [{ node: "n1", filteredOut: { plugin: "NodeResourcesFit", reasons: ["Insufficient cpu"] } }] },
});

describe("boundPod", () => {
  it("sets nodeName, PodScheduled True and the annotation, without touching the cached pod", () => {
    const pod = deepFreeze({ ...makePod("p"), metadata: { ...makePod("p").metadata, resourceVersion: "7" } });
    const out = boundPod(pod, bound, t0);
    expect(out.spec.nodeName).toBe("n1");
    expect(out.metadata.resourceVersion).toBe("7"); // the write is a compare-and-swap
    expect(out.status?.conditions).toEqual([{ type: "PodScheduled", status: "True", lastTransitionTime: t0.toISOString() }]);
    expect(parseSchedulingAnnotation(out.metadata.annotations?.[SCHEDULING_ANNOTATION])).toEqual({ node: "n1", scores: [["n1", 50]], filtered: [] });
    expect(pod.spec.nodeName).toBeUndefined();
  });

  it("replaces an earlier PodScheduled False", () => {
    const pod = unschedulablePod(makePod("p"), none("0/1 nodes are available: 1 Insufficient cpu."), t0)!;
    const out = boundPod(pod, bound, t1);
    expect(out.status?.conditions).toEqual([{ type: "PodScheduled", status: "True", lastTransitionTime: t1.toISOString() }]);
  });
});

describe("unschedulablePod", () => {
  it("writes PodScheduled False / Unschedulable with the message", () => {
    const out = unschedulablePod(makePod("p"), none("0/1 nodes are available: 1 Insufficient cpu."), t0);
    expect(out?.spec.nodeName).toBeUndefined();
    expect(out?.status?.conditions).toEqual([
      { type: "PodScheduled", status: "False", reason: "Unschedulable", message: "0/1 nodes are available: 1 Insufficient cpu.", lastTransitionTime: t0.toISOString() },
    ]);
  });

  it("writes nothing when the pod already says so (no write loop)", () => {
    const once = unschedulablePod(makePod("p"), none("m"), t0)!;
    expect(unschedulablePod(once, none("m"), t1)).toBeUndefined();
  });

  it("updates the message but keeps the transition time when only the message changes", () => {
    const once = unschedulablePod(makePod("p"), none("m"), t0)!;
    const twice = unschedulablePod(once, none("m2"), t1)!;
    expect(twice.status?.conditions?.[0]).toMatchObject({ message: "m2", lastTransitionTime: t0.toISOString() });
  });
});

describe("setCondition", () => {
  it("keeps other conditions in place", () => {
    const out = setCondition([{ type: "Ready", status: "False" }, { type: "PodScheduled", status: "False" }], { type: "PodScheduled", status: "True" }, t0);
    expect(out.map((c) => `${c.type}=${c.status}`)).toEqual(["Ready=False", "PodScheduled=True"]);
  });
});
