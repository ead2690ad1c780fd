import { describe, expect, it } from "vitest";
import { CURRENT_TEMPLATE_ANNOTATION, revisionName } from "./revision.js";
import { planStatefulSet } from "./statefulset-plan.js";
import { NOW, makeSet, podOf, podsOf } from "./testing.js";

const v1 = makeSet();
const v2 = makeSet({}, "nginx:2");
v2.metadata.annotations = { [CURRENT_TEMPLATE_ANNOTATION]: JSON.stringify(v1.spec.template) };
const r1 = revisionName(v1, v1.spec.template);
const r2 = revisionName(v2, v2.spec.template);

describe("StatefulSet status", () => {
  it("counts pods, ready, available, and each revision", () => {
    const pods = [podOf(v2, 0, "ready", v1), podOf(v2, 1, "running", v1), podOf(v2, 2)];
    const { status, current } = planStatefulSet({ set: v2, pods, now: NOW });
    expect(status).toEqual({
      replicas: 3,
      readyReplicas: 2,
      availableReplicas: 2,
      currentReplicas: 2,
      updatedReplicas: 1,
      currentRevision: r1,
      updateRevision: r2,
      observedGeneration: 1,
    });
    expect(current.name).toBe(r1);
  });

  it("does not count a terminating pod", () => {
    expect(planStatefulSet({ set: v1, pods: [podOf(v1, 0), podOf(v1, 1, "terminating")], now: NOW }).status.replicas).toBe(1);
  });

  it("makes the update revision current once every replica runs it, Ready", () => {
    const { status, current } = planStatefulSet({ set: v2, pods: podsOf(v2, 3), now: NOW });
    expect(status).toMatchObject({ currentRevision: r2, updateRevision: r2, currentReplicas: 3, updatedReplicas: 3 });
    expect(current.template).toEqual(v2.spec.template);
  });

  it("a set seen for the first time has one revision", () => {
    expect(planStatefulSet({ set: v1, pods: [], now: NOW }).status).toMatchObject({ currentRevision: r1, updateRevision: r1, replicas: 0 });
  });
});
