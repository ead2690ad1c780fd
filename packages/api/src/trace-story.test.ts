import { describe, expect, it } from "vitest";
import { Story, storyOf, traceLine } from "./trace-story.js";
import type { TraceStep } from "./trace-steps.js";

const at = (s: number) => new Date(Date.UTC(2026, 11, 7, 9, 0, s)).toISOString();
const step = (s: number, o: Partial<TraceStep> & Pick<TraceStep, "kind" | "name">): TraceStep => ({ at: at(s), component: "x", step: "did", detail: "", namespace: "default", ...o });

const deploymentWrite = step(1, { kind: "Deployment", name: "web", uid: "d1", revision: 10, component: "user", step: "updated" });
const rsCreated = step(2, { kind: "ReplicaSet", name: "web-abc", uid: "rs1", ownerUids: ["d1"], revision: 11, component: "deployment-controller", step: "created" });
const podCreated = step(3, { kind: "Pod", name: "web-abc-1", uid: "p1", ownerUids: ["rs1"], revision: 12, component: "replicaset-controller", step: "created" });
const scheduled = step(4, { kind: "Pod", name: "web-abc-1", uid: "p1", component: "scheduler", node: "n1", step: "scheduled" });
const received = step(5, { kind: "Pod", name: "web-abc-1", uid: "p1", component: "agent", node: "n1", step: "assignment received" });
const otherPod = step(4, { kind: "Pod", name: "db-0", uid: "p9", ownerUids: ["ss9"], component: "scheduler", step: "scheduled" });
const oldWeb = step(0, { kind: "Deployment", name: "web", uid: "d0", revision: 3, component: "user", step: "created" });

describe("the story of an object", () => {
  it("follows owner references down from the root and leaves out other objects", () => {
    const story = storyOf({ kind: "Deployment", namespace: "default", name: "web", uid: "d1" }, [received, otherPod, scheduled, podCreated, rsCreated, deploymentWrite, oldWeb]);
    expect(story.map((s) => `${s.kind}/${s.name} ${s.step}`)).toEqual([
      "Deployment/web updated",
      "ReplicaSet/web-abc created",
      "Pod/web-abc-1 created",
      "Pod/web-abc-1 scheduled",
      "Pod/web-abc-1 assignment received",
    ]);
  });

  it("orders steps of one instant by revision", () => {
    const a = { ...rsCreated, at: at(1), revision: 13 };
    const b = { ...deploymentWrite, at: at(1), revision: 10 };
    expect(storyOf({ kind: "Deployment", namespace: "default", name: "web" }, [a, b]).map((s) => s.revision)).toEqual([10, 13]);
  });

  it("lets in a step that came before its object was known, once it is", () => {
    const story = new Story({ kind: "Deployment", namespace: "default", name: "web", uid: "d1" });
    expect(story.add(deploymentWrite)).toEqual([deploymentWrite]);
    expect(story.add(scheduled)).toEqual([]);
    expect(story.add(podCreated)).toEqual([]);
    expect(story.add(rsCreated)).toEqual([rsCreated, podCreated, scheduled]);
    expect(story.add(otherPod)).toEqual([]);
  });

  it("without the root's uid, takes the root by kind, namespace and name", () => {
    const story = new Story({ kind: "Deployment", namespace: "default", name: "web" });
    expect(story.add(deploymentWrite)).toHaveLength(1);
    expect(story.add({ ...deploymentWrite, namespace: "other", uid: "d7" })).toEqual([]);
  });

  it("prints one line per step with time, revision, component, node, object and what happened", () => {
    const line = traceLine({ ...scheduled, detail: "to n1 (score 100)" });
    expect(line).toMatch(/^09:00:04\.000 +- +scheduler +n1 +Pod\/web-abc-1 +scheduled: to n1 \(score 100\)$/);
    expect(traceLine(rsCreated)).toMatch(/^09:00:02\.000 +11 +deployment-controller +- +ReplicaSet\/web-abc +created$/);
  });
});
