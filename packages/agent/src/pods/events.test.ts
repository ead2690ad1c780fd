import { describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { actionEvent, backOffEvents } from "./events.js";

const pod: Pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default", uid: "u1" }, spec: { containers: [] } };

describe("pod events", () => {
  it("names what an action did, in kubelet's words", () => {
    expect(actionEvent({ type: "start", podUid: "u1", container: "main", attempt: 0 })?.message).toBe("Started container main");
    expect(actionEvent({ type: "start", podUid: "u1", container: "POD", attempt: 0 })).toBeUndefined();
    expect(actionEvent({ type: "stop", podUid: "u1", name: "main", containerId: "c", graceSeconds: 30 })?.reason).toBe("Killing");
  });

  it("reports entering a back-off once", () => {
    const waiting = (reason: string) => ({ containerStatuses: [{ name: "main", image: "img:1", imageID: "", ready: false, restartCount: 1, state: { waiting: { reason } } }] });
    expect(backOffEvents(pod, waiting("ContainerCreating"), waiting("CrashLoopBackOff"))).toEqual([
      "Back-off restarting failed container main in pod web_default(u1)",
    ]);
    expect(backOffEvents(pod, waiting("CrashLoopBackOff"), waiting("CrashLoopBackOff"))).toEqual([]);
    expect(backOffEvents(pod, undefined, waiting("ImagePullBackOff"))).toEqual(['Back-off pulling image "img:1"']);
  });
});
