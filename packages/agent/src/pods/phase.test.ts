import { describe, expect, it } from "vitest";
import type { ContainerStatus, PodPhase } from "@skiff/api";
import { phaseOf } from "./phase.js";

// Whether the pod may move to the phase its containers show: @skiff/api phases.test.ts.

const s = (state: ContainerStatus["state"], last?: number): ContainerStatus => {
  const status: ContainerStatus = { name: "c", state, ready: false, restartCount: 0, image: "i", imageID: "" };
  if (last !== undefined) status.lastState = { terminated: { exitCode: last } };
  return status;
};
const running = s({ running: {} });
const exited = (code: number) => s({ terminated: { exitCode: code } });
const backingOff = s({ waiting: { reason: "CrashLoopBackOff" } }, 1);
const creating = s({ waiting: { reason: "ContainerCreating" } });

describe("phaseOf", () => {
  it.each<[string, ContainerStatus[], "Always" | "OnFailure" | "Never", PodPhase]>([
    ["a container not yet started keeps the pod Pending", [running, creating], "Always", "Pending"],
    ["all running", [running, running], "Always", "Running"],
    ["one running, one finished", [running, exited(0)], "Never", "Running"],
    ["restarting after a crash", [backingOff], "Always", "Running"],
    ["all exited 0, Always restarts them", [exited(0)], "Always", "Running"],
    ["all exited 0", [exited(0), exited(0)], "OnFailure", "Succeeded"],
    ["one exited 1, Never", [exited(0), exited(1)], "Never", "Failed"],
    ["one failed and will restart, OnFailure", [exited(0), backingOff], "OnFailure", "Running"],
  ])("%s", (_name, statuses, policy, phase) => {
    expect(phaseOf(statuses, policy)).toBe(phase);
  });
});
