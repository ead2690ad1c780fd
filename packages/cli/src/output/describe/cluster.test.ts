// `describe node`: its state, what it has, and what the pods bound to it ask for.
import { describe, expect, it } from "vitest";
import { describeObject } from "./index.js";
import { NODE, NODE_PODS, NOW } from "./test-fixtures.js";

const text = describeObject(NODE, { now: NOW, pods: NODE_PODS });

function after(heading: string): string[] {
  const lines = text.split("\n");
  const i = lines.indexOf(heading);
  expect(i, `no line "${heading}"`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, j) => j > i && !l.startsWith("  "));
  return lines.slice(i + 1, end < 0 ? undefined : end);
}

describe("describe node", () => {
  it("shows taints, cordoning, addresses and system info", () => {
    expect(text).toMatch(/^Taints: +dedicated=db:NoSchedule$/m);
    expect(text).toMatch(/^Unschedulable: +true$/m);
    expect(after("Addresses:")).toEqual(["  InternalIP:  10.0.0.1", "  Hostname:    n1"]);
    expect(after("Capacity:")).toEqual(["  cpu:     2", "  memory:  4Gi", "  pods:    110"]);
    expect(after("System Info:")).toEqual([
      "  Operating System:           linux",
      "  Architecture:               amd64",
      "  Container Runtime Version:  docker://27.3.1",
      "  Kubelet Version:            skiff-agent/0.1.0",
    ]);
  });

  it("lists the conditions with their heartbeat, reason and message", () => {
    const rows = after("Conditions:");
    expect(rows[0]).toMatch(/^ {2}Type +Status +LastHeartbeatTime +LastTransitionTime +Reason +Message$/);
    expect(rows[2]).toMatch(/^ {2}Ready +True +Wed, 01 May 2024 11:59:58 \+0000 +Wed, 01 May 2024 10:00:00 \+0000 +AgentReady +skiff agent is posting ready status$/);
  });

  it("tables the non-terminated pods with their requests and limits", () => {
    expect(text).toMatch(/^Non-terminated Pods: +\(2 in total\)$/m);
    const lines = text.split("\n");
    const i = lines.findIndex((l) => l.startsWith("Non-terminated Pods:"));
    expect(lines.slice(i + 1, i + 5)).toEqual([
      "  Namespace   Name    CPU Requests   CPU Limits   Memory Requests   Memory Limits   Age",
      "  ---------   ----    ------------   ----------   ---------------   -------------   ---",
      "  default     web-1   250m (12%)     500m (25%)   64Mi (1%)         128Mi (3%)      5m",
      "  data        db-0    1 (50%)        0 (0%)       1Gi (25%)         0 (0%)          5m",
    ]);
  });

  it("sums the allocated resources against allocatable", () => {
    expect(after("Allocated resources:")).toEqual([
      "  (Total limits may be over 100 percent, i.e., overcommitted.)",
      "  Resource   Requests       Limits",
      "  --------   --------       ------",
      "  cpu        1250m (62%)    500m (25%)",
      "  memory     1088Mi (26%)   128Mi (3%)",
      "  pods       2 (1%)",
    ]);
  });

  it("leaves the pod sections out when it was given no pods", () => {
    const bare = describeObject(NODE, { now: NOW });
    expect(bare).not.toContain("Non-terminated Pods");
    expect(bare).not.toContain("Allocated resources");
  });
});
