// A pod being deleted, as the agent plans it: its containers stopped with the grace period its
// deletion gave it (after their preStop hooks), and "stopped" said only once nothing runs.
import { describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { containersStopped, planNode } from "./pod-plan.js";
import { reconcile, type Action } from "./reconcile.js";
import { appInfo, at, images, infraInfo, makePod } from "./testing.js";

const BUSYBOX = "busybox:1.36";
const preStop = { exec: { command: ["sh", "-c", "drain"] } };

/** The pod `db-1`, deleted with `grace` seconds (deletionGracePeriodSeconds), its spec asking for 30. */
function deleting(grace: number | undefined, o: { hook?: boolean; phase?: "Running" | "Failed"; reason?: string } = {}): Pod {
  const pod = makePod("db-1", { terminationGracePeriodSeconds: 30, containers: [o.hook ? { lifecycle: { preStop } } : {}] }, { deleting: true, phase: o.phase ?? "Running" });
  if (grace !== undefined) pod.metadata.deletionGracePeriodSeconds = grace;
  if (o.reason && pod.status) pod.status.reason = o.reason;
  return pod;
}

const stops = (actions: Action[]) =>
  actions.flatMap((a) => (a.type === "stop" ? [`stop ${a.containerId} ${a.graceSeconds}s${a.preStop ? ` preStop=${JSON.stringify(a.preStop.handler.exec?.command)}` : ""}`] : []));

function plan(pod: Pod, observed = [infraInfo(pod), appInfo(pod)]) {
  return { desired: [pod], observed, images: images([BUSYBOX]), failures: new Map(), now: at(10) };
}

describe("stopping a pod being deleted", () => {
  const cases: { name: string; pod: Pod; want: string[] }[] = [
    { name: "the grace period the deletion gave, not the spec's", pod: deleting(5), want: ["stop db-1-app-0 5s", "stop infra-db-1-0 5s"] },
    { name: "a second, shorter delete cut it: the shorter one", pod: deleting(2), want: ["stop db-1-app-0 2s", "stop infra-db-1-0 2s"] },
    { name: "marked by a finalizer only (no grace given): the spec's", pod: deleting(undefined), want: ["stop db-1-app-0 30s", "stop infra-db-1-0 30s"] },
    { name: "the app's preStop hook goes with its stop, not the infra container's", pod: deleting(5, { hook: true }), want: ['stop db-1-app-0 5s preStop=["sh","-c","drain"]', "stop infra-db-1-0 5s"] },
    { name: "a copy failed as lost and replaced elsewhere: killed at once, no hook", pod: deleting(5, { hook: true, phase: "Failed", reason: "NodeLost" }), want: ["stop db-1-app-0 0s", "stop infra-db-1-0 0s"] },
    { name: "a StatefulSet pod marked Terminating as lost (phase kept): stopped gracefully", pod: deleting(30, { hook: true, reason: "NodeLost" }), want: ['stop db-1-app-0 30s preStop=["sh","-c","drain"]', "stop infra-db-1-0 30s"] },
  ];
  it.each(cases)("$name", ({ pod, want }) => {
    expect(stops(reconcile(plan(pod)))).toEqual(want);
  });

  it("starts nothing, even a container that was never started", () => {
    const pod = deleting(5);
    const actions = reconcile(plan(pod, [infraInfo(pod), appInfo(pod, { state: "created" })]));
    expect(actions.filter((a) => a.type === "start" || a.type === "createContainer" || a.type === "createInfra")).toEqual([]);
  });
});

describe("containersStopped: what lets the server remove the pod", () => {
  const stopped = (pod: Pod, observed: ReturnType<typeof infraInfo>[]) => containersStopped(planNode(plan(pod, observed)).pods[0]!);
  const pod = deleting(5);

  it("not while the app runs (it may be waiting out its grace period)", () => {
    expect(stopped(pod, [infraInfo(pod, { state: "exited", finished: 1 }), appInfo(pod)])).toBe(false);
  });
  it("not while the infra container runs", () => {
    expect(stopped(pod, [infraInfo(pod), appInfo(pod, { state: "exited", exitCode: 137, finished: 9 })])).toBe(false);
  });
  it("once everything has exited", () => {
    expect(stopped(pod, [infraInfo(pod, { state: "exited", finished: 9 }), appInfo(pod, { state: "exited", exitCode: 137, finished: 9 })])).toBe(true);
  });
  it("a pod whose containers were never made, or never started: at once", () => {
    expect(stopped(pod, [])).toBe(true);
    expect(stopped(pod, [infraInfo(pod, { state: "exited", finished: 1 }), appInfo(pod, { state: "created" })])).toBe(true);
  });
  it("never for a pod not being deleted, even with nothing running", () => {
    const finished = makePod("db-1", {}, { phase: "Succeeded" });
    expect(stopped(finished, [])).toBe(false);
  });
});
