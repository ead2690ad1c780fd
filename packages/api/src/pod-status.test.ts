import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.js";
import { parsePodStatus } from "./pod-status.js";
import type { PodStatus } from "./types.js";

/** What the agent reports for a running pod with one container (agent/src/pods/status.ts). */
const REPORTED: PodStatus = {
  phase: "Running",
  conditions: [
    { type: "PodScheduled", status: "True", lastTransitionTime: "2024-05-01T10:00:00.000Z" },
    { type: "Ready", status: "False", lastTransitionTime: "2024-05-01T10:00:00.000Z", reason: "ContainersNotReady", message: "containers with unready status: [web]" },
  ],
  startTime: "2024-05-01T10:00:00.000Z",
  hostIP: "127.0.0.2",
  podIP: "10.244.2.3",
  podIPs: [{ ip: "10.244.2.3" }],
  containerStatuses: [
    {
      name: "web",
      state: { running: { startedAt: "2024-05-01T10:00:01.123456789Z" } },
      lastState: { terminated: { exitCode: 137, reason: "Error", containerID: "docker://abc", finishedAt: "2024-05-01T10:00:00Z" } },
      ready: false,
      started: true,
      restartCount: 1,
      image: "nginx:1.27",
      imageID: "",
      containerID: "docker://def",
    },
  ],
  hostPorts: [{ containerPort: 80, protocol: "TCP", hostIP: "127.0.0.2", hostPort: 49153 }],
};

function refusal(raw: unknown): string[] {
  try {
    parsePodStatus(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error("accepted");
}

describe("parsePodStatus", () => {
  it("accepts what the agent reports, as it is", () => {
    expect(parsePodStatus(REPORTED)).toEqual(REPORTED);
    expect(parsePodStatus({})).toEqual({});
  });

  it("drops fields it does not know", () => {
    expect(parsePodStatus({ phase: "Pending", qosClass: "BestEffort" })).toEqual({ phase: "Pending" });
  });

  it.each<[string, unknown, string]>([
    ["containerStatuses that are not a list", { containerStatuses: "x" }, "status.containerStatuses: expected array, got string"],
    ["a status that is not an object", "Running", "status: expected object, got string"],
    ["an unknown phase", { phase: "Done" }, 'status.phase: must be one of "Pending", "Running", "Succeeded", "Failed", "Unknown", got "Done"'],
    ["a restart count below 0", { containerStatuses: [{ ...REPORTED.containerStatuses![0], restartCount: -1 }] }, "status.containerStatuses[0].restartCount: must be greater than or equal to 0, got -1"],
    ["a container status without ready", { containerStatuses: [{ name: "a", restartCount: 0, image: "i", imageID: "" }] }, "status.containerStatuses[0].ready: required"],
    ["two states at once", { containerStatuses: [{ ...REPORTED.containerStatuses![0], state: { running: {}, waiting: {} } }] }, "status.containerStatuses[0].state: at most one of waiting, running and terminated may be set (found waiting and running)"],
    ["a condition status that is not True, False or Unknown", { conditions: [{ type: "Ready", status: true }] }, 'status.conditions[0].status: must be one of "True", "False", "Unknown", got true'],
    ["a time that is not one", { startTime: "yesterday" }, 'status.startTime: must be an RFC 3339 time such as "2024-05-01T10:00:00Z"'],
    ["a host port out of range", { hostPorts: [{ containerPort: 80, protocol: "TCP", hostIP: "", hostPort: 70000 }] }, "status.hostPorts[0].hostPort: must be between 1 and 65535, got 70000"],
    ["the same container twice", { containerStatuses: [REPORTED.containerStatuses![0], REPORTED.containerStatuses![0]] }, 'status.containerStatuses[1].name: duplicate container name "web"'],
  ])("refuses %s, naming the field", (_what, raw, issue) => {
    expect(refusal(raw)).toContain(issue);
  });

  it("names the field under the path it is given", () => {
    expect(() => parsePodStatus({ podIP: 3 }, "updates[2].status")).toThrow("updates[2].status.podIP: expected string, got number");
  });
});
