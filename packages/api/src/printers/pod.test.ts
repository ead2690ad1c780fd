// A pod's READY, STATUS, RESTARTS and IP, by kubectl's rules, for pods in each state.
import { describe, expect, it } from "vitest";
import type { ContainerState, ContainerStatus, Pod } from "../types.js";
import { podIP, podReady, podRestarts, podStatus } from "./pod.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");

function cs(state: ContainerState, extra: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name: "c", image: "nginx", imageID: "", ready: false, restartCount: 0, state, ...extra };
}

function pod(status: Pod["status"], extra: { containers?: number; deleting?: boolean; nodeName?: string } = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "web",
      namespace: "default",
      creationTimestamp: "2024-05-01T11:59:00Z",
      ...(extra.deleting ? { deletionTimestamp: "2024-05-01T11:59:59Z" } : {}),
    },
    spec: {
      containers: Array.from({ length: extra.containers ?? 1 }, (_, i) => ({ name: `c${i}`, image: "nginx" })),
      ...(extra.nodeName ? { nodeName: extra.nodeName } : {}),
    },
    status,
  };
}

const running = cs({ running: { startedAt: "2024-05-01T11:59:30Z" } }, { ready: true });

describe("pod STATUS", () => {
  it.each([
    ["a pod nothing has reported on yet", undefined, "Pending"],
    ["a pending pod", { phase: "Pending" }, "Pending"],
    ["a running pod", { phase: "Running", containerStatuses: [running] }, "Running"],
    ["a container being created", { phase: "Pending", containerStatuses: [cs({ waiting: { reason: "ContainerCreating" } })] }, "ContainerCreating"],
    ["an image that cannot be pulled", { phase: "Pending", containerStatuses: [cs({ waiting: { reason: "ErrImagePull" } })] }, "ErrImagePull"],
    ["a pull backing off", { phase: "Pending", containerStatuses: [cs({ waiting: { reason: "ImagePullBackOff" } })] }, "ImagePullBackOff"],
    ["a crash loop", { phase: "Running", containerStatuses: [cs({ waiting: { reason: "CrashLoopBackOff" } }, { restartCount: 4 })] }, "CrashLoopBackOff"],
    ["a missing ConfigMap", { phase: "Pending", containerStatuses: [cs({ waiting: { reason: "CreateContainerConfigError" } })] }, "CreateContainerConfigError"],
    ["a completed job", { phase: "Succeeded", containerStatuses: [cs({ terminated: { exitCode: 0, reason: "Completed" } })] }, "Completed"],
    ["a failed command", { phase: "Failed", containerStatuses: [cs({ terminated: { exitCode: 1, reason: "Error" } })] }, "Error"],
    ["an OOM kill", { phase: "Running", containerStatuses: [cs({ terminated: { exitCode: 137, reason: "OOMKilled" } })] }, "OOMKilled"],
    ["an exit with no reason", { phase: "Failed", containerStatuses: [cs({ terminated: { exitCode: 3 } })] }, "ExitCode:3"],
    ["a kill by signal with no reason", { phase: "Failed", containerStatuses: [cs({ terminated: { exitCode: 0, signal: 9 } })] }, "Signal:9"],
    ["a pod on a lost node", { phase: "Failed", reason: "NodeLost", message: "Node n1 ... is unresponsive" }, "NodeLost"],
    ["an evicted pod", { phase: "Failed", reason: "Evicted" }, "Evicted"],
  ] as [string, Pod["status"], string][])("%s", (_, status, expected) => {
    expect(podStatus(pod(status))).toBe(expected);
  });

  it("shows the first container's reason when several have one", () => {
    const p = pod({ phase: "Pending", containerStatuses: [cs({ waiting: { reason: "ErrImagePull" } }), cs({ waiting: { reason: "ContainerCreating" } })] }, { containers: 2 });
    expect(podStatus(p)).toBe("ErrImagePull");
  });

  it("is Running, not Completed, while another container still runs", () => {
    const done = cs({ terminated: { exitCode: 0, reason: "Completed" } });
    const ready = { phase: "Running" as const, conditions: [{ type: "Ready", status: "True" as const }] };
    expect(podStatus(pod({ ...ready, containerStatuses: [done, running] }, { containers: 2 }))).toBe("Running");
    expect(podStatus(pod({ phase: "Running", containerStatuses: [done, running] }, { containers: 2 }))).toBe("NotReady");
  });

  it("is Terminating once deletion has begun, and Unknown for a lost node's pod", () => {
    expect(podStatus(pod({ phase: "Running", containerStatuses: [running] }, { deleting: true }))).toBe("Terminating");
    expect(podStatus(pod({ phase: "Failed", reason: "NodeLost" }, { deleting: true }))).toBe("Unknown");
  });
});

describe("pod READY and RESTARTS", () => {
  it("counts ready, running containers over the containers declared", () => {
    expect(podReady(pod({ phase: "Running", containerStatuses: [running, cs({ waiting: { reason: "CrashLoopBackOff" } })] }, { containers: 2 }))).toBe("1/2");
    expect(podReady(pod(undefined, { containers: 3 }))).toBe("0/3");
  });

  it("sums restarts and says how long ago the last was", () => {
    const restarted = (n: number, finishedAt: string) =>
      cs({ running: {} }, { ready: true, restartCount: n, lastState: { terminated: { exitCode: 1, finishedAt } } });
    const p = pod({ phase: "Running", containerStatuses: [restarted(2, "2024-05-01T11:58:00Z"), restarted(3, "2024-05-01T11:59:55Z")] }, { containers: 2 });
    expect(podRestarts(p, NOW)).toBe("5 (5s ago)");
    expect(podRestarts(pod({ phase: "Running", containerStatuses: [running] }), NOW)).toBe("0");
    expect(podRestarts(pod({ phase: "Running", containerStatuses: [cs({ running: {} }, { restartCount: 1 })] }), NOW)).toBe("1");
  });

  it("shows the first pod IP, else podIP, else <none>", () => {
    expect(podIP(pod({ phase: "Pending" }))).toBe("<none>");
    expect(podIP(pod({ phase: "Running", podIP: "10.1.0.5" }))).toBe("10.1.0.5");
    expect(podIP(pod({ phase: "Running", podIP: "10.1.0.5", podIPs: [{ ip: "10.1.0.6" }] }))).toBe("10.1.0.6");
  });
});
