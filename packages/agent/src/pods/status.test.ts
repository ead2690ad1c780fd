import { describe, expect, it } from "vitest";
import type { PodStatus } from "@skiff/api";
import type { FailureRecord, ImageRecord } from "./backoff.js";
import { podStatus, type PodStatusInput } from "./status.js";
import { appInfo, at, images, infraInfo, iso, makePod, T0 } from "./testing.js";

const BUSYBOX = "busybox:1.36";
const web = makePod("web");
const webInfra = infraInfo(web);

function status(input: Partial<PodStatusInput>): PodStatus {
  return podStatus({ pod: web, observed: [], images: images([BUSYBOX]), now: at(0), hostIP: "127.0.0.2", ...input });
}

const app = (s: PodStatus) => s.containerStatuses?.[0];
const failure = (reason: FailureRecord["reason"], message: string, extra: Partial<FailureRecord> = {}) =>
  new Map([["uid-web/app", { reason, message, failures: 1, lastFailureAt: T0, ...extra }]]);
const pullFailed = (r: Partial<ImageRecord>) =>
  images([], { [BUSYBOX]: { failures: 1, lastFailureAt: T0, message: "pull access denied for nope", ...r } });

describe("podStatus: why a container waits", () => {
  it.each([
    { name: "ContainerCreating while nothing exists yet", input: {}, waiting: { reason: "ContainerCreating" } },
    {
      name: "ErrImagePull with the engine's message, on the pass after the failure",
      input: { observed: [webInfra], images: pullFailed({}) },
      waiting: { reason: "ErrImagePull", message: "pull access denied for nope" },
    },
    {
      name: "ImagePullBackOff once that failure was reported",
      input: { observed: [webInfra], images: pullFailed({ reported: true }) },
      waiting: { reason: "ImagePullBackOff", message: 'Back-off pulling image "busybox:1.36"' },
    },
    {
      name: "ErrImageNeverPull",
      input: { pod: makePod("web", { containers: [{ imagePullPolicy: "Never" }] }), observed: [webInfra], images: images([]) },
      waiting: {
        reason: "ErrImageNeverPull",
        message: 'Container image "busybox:1.36" is not present with pull policy of Never',
      },
    },
    {
      name: "CreateContainerError with the engine's text",
      input: { observed: [webInfra], failures: failure("CreateContainerError", "invalid mount config") },
      waiting: { reason: "CreateContainerError", message: "invalid mount config" },
    },
    {
      name: "RunContainerError with the engine's text, right after the failed start",
      input: {
        observed: [webInfra, appInfo(web, { state: "created", exitCode: 127, error: "exec: nope: not found" })],
        failures: failure("RunContainerError", "exec: nope: not found"),
      },
      waiting: { reason: "RunContainerError", message: "exec: nope: not found" },
    },
    {
      name: "CrashLoopBackOff with kubelet's message while a restart backs off",
      input: { observed: [webInfra, appInfo(web, { attempt: 1, state: "exited", exitCode: 1, finished: 0 })], now: at(5) },
      waiting: {
        reason: "CrashLoopBackOff",
        message: "back-off 10s restarting failed container=app pod=web_default(uid-web)",
      },
    },
  ])("$name", ({ input, waiting }) => {
    expect(app(status(input))?.state).toEqual({ waiting });
  });
});

describe("podStatus: phases", () => {
  it("is Pending, not ready, while the container has not started", () => {
    const s = status({ observed: [webInfra] });
    expect(s.phase).toBe("Pending");
    expect(s.conditions?.find((c) => c.type === "Ready")).toMatchObject({
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unready status: [app]",
    });
  });

  it("is Running and Ready with the pod's address when its container runs", () => {
    const s = status({ observed: [webInfra, appInfo(web, { started: 3 })] });
    expect(s).toMatchObject({ phase: "Running", podIP: "10.0.0.2", hostIP: "127.0.0.2", startTime: iso(0) });
    expect(app(s)).toMatchObject({
      state: { running: { startedAt: iso(3) } },
      ready: true,
      restartCount: 0,
      image: BUSYBOX,
      containerID: "docker://web-app-0",
    });
    expect(s.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual([
      "PodScheduled=True",
      "Initialized=True",
      "ContainersReady=True",
      "Ready=True",
    ]);
  });

  it("is Running while a crashed container backs off, with its restarts and last state", () => {
    const s = status({
      observed: [webInfra, appInfo(web, { attempt: 2, state: "exited", exitCode: 1, started: 1, finished: 2 })],
      now: at(3),
    });
    expect(s.phase).toBe("Running");
    expect(app(s)).toMatchObject({ restartCount: 2, ready: false });
    expect(app(s)?.lastState).toEqual({
      terminated: { exitCode: 1, reason: "Error", startedAt: iso(1), finishedAt: iso(2), containerID: "docker://web-app-2" },
    });
  });

  it("is Succeeded when OnFailure containers all exited 0", () => {
    const pod = makePod("web", { restartPolicy: "OnFailure" });
    const s = status({ pod, observed: [webInfra, appInfo(pod, { state: "exited", exitCode: 0, finished: 4 })], now: at(9) });
    expect(s.phase).toBe("Succeeded");
    expect(app(s)?.state?.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(app(s)?.lastState).toBeUndefined();
    expect(s.conditions?.find((c) => c.type === "Ready")).toMatchObject({ status: "False", reason: "PodCompleted" });
  });

  it("is Failed when a Never container exited 1", () => {
    const pod = makePod("web", { restartPolicy: "Never" });
    const s = status({ pod, observed: [webInfra, appInfo(pod, { state: "exited", exitCode: 1, finished: 4 })] });
    expect(s.phase).toBe("Failed");
    expect(app(s)?.state?.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
  });

  it("says OOMKilled when the kernel killed the container for memory", () => {
    const pod = makePod("web", { restartPolicy: "Never" });
    const s = status({ pod, observed: [webInfra, appInfo(pod, { state: "exited", exitCode: 137, oomKilled: true })] });
    expect(app(s)?.state?.terminated).toMatchObject({ exitCode: 137, reason: "OOMKilled" });
  });

  it("says ContainerCannotRun, with the engine's words, for a start that failed", () => {
    const pod = makePod("web", { restartPolicy: "Never" });
    const failed = appInfo(pod, { state: "created", exitCode: 127, error: "exec: nope: not found" });
    expect(app(status({ pod, observed: [webInfra, failed] }))?.state?.terminated).toMatchObject({
      exitCode: 127,
      reason: "ContainerCannotRun",
      message: "exec: nope: not found",
    });
  });

  it("does not go back to Pending when the sandbox is being remade", () => {
    const previous = status({ observed: [webInfra, appInfo(web)] });
    const s = status({ observed: [], previous, now: at(60) });
    expect(s.phase).toBe("Running");
    expect(s.podIP).toBe("10.0.0.2"); // kept until a new sandbox has an address
  });

  it("keeps a finished phase the server reported", () => {
    const pod = makePod("web", {}, { phase: "Succeeded" });
    expect(status({ pod, observed: [webInfra, appInfo(pod)] }).phase).toBe("Succeeded");
  });

  it("keeps condition transition times while their status holds, and moves them when it changes", () => {
    const first = status({ observed: [webInfra, appInfo(web)], now: at(10) });
    const same = status({ observed: [webInfra, appInfo(web)], now: at(20), previous: first });
    expect(same).toEqual(first);
    const crashed = [webInfra, appInfo(web, { state: "exited", exitCode: 1, finished: 25 })];
    const changed = status({ observed: crashed, now: at(30), previous: same });
    const ready = changed.conditions?.find((c) => c.type === "Ready");
    expect(ready).toMatchObject({ status: "False", lastTransitionTime: iso(30) });
    expect(changed.conditions?.[0]?.lastTransitionTime).toBe(iso(10));
    expect(changed.startTime).toBe(iso(10));
  });

  it("names the engine's refusal of the sandbox as the pod's reason", () => {
    const failures = new Map([["uid-web/POD", { reason: "RunContainerError" as const, message: "port is already allocated", failures: 1, lastFailureAt: T0 }]]);
    const s = status({ observed: [infraInfo(web, { state: "created", error: "port is already allocated" })], failures });
    expect(s).toMatchObject({ phase: "Pending", reason: "FailedCreatePodSandBox" });
    expect(s.message).toContain("port is already allocated");
  });
});
