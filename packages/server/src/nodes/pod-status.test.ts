import { describe, expect, it } from "vitest";
import type { Pod, PodStatus } from "@skiff/api";
import { mergeReportedStatus } from "./pod-status.js";

const stored = (status: PodStatus = {}): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "default", uid: "u1", resourceVersion: "4" },
  spec: { nodeName: "n1", containers: [{ name: "app", image: "img:1" }] },
  status: { conditions: [{ type: "PodScheduled", status: "True" }], ...status },
});

describe("mergeReportedStatus", () => {
  it("writes the agent's status, keeping the scheduler's condition", () => {
    const v = mergeReportedStatus(stored({ phase: "Pending" }), { phase: "Running", podIP: "10.0.0.2", conditions: [{ type: "Ready", status: "True" }] }, "n1", "u1");
    expect("write" in v && v.write.status).toMatchObject({
      phase: "Running",
      podIP: "10.0.0.2",
      conditions: [{ type: "PodScheduled", status: "True" }, { type: "Ready", status: "True" }],
    });
  });

  it.each([
    ["another node", stored(), { phase: "Running" }, "n2", "u1", /bound to n1/],
    ["another uid", stored(), { phase: "Running" }, "n1", "u2", /replaced/],
    ["a backwards phase", stored({ phase: "Failed" }), { phase: "Running" }, "n1", "u1", /does not go from Failed to Running/],
    ["a phase that goes back", stored({ phase: "Running" }), { phase: "Pending" }, "n1", "u1", /does not go from Running back to Pending/],
  ] as const)("skips a report from %s", (_what, pod, report, node, uid, why) => {
    const v = mergeReportedStatus(pod, report as PodStatus, node, uid);
    expect("skip" in v && v.skip).toMatch(why);
  });

  it("skips a report that changes nothing", () => {
    const pod = stored({ phase: "Running" });
    expect(mergeReportedStatus(pod, { phase: "Running", conditions: [] }, "n1", "u1")).toEqual({ skip: "unchanged" });
  });
});
