import { describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import { planApply, planCreate } from "./apply-plan.js";

const inputs = { now: new Date("2026-01-02T03:04:05.000Z"), newUid: () => "uid-1" };

const deployment = (replicas: number, extra: Partial<ApiObject["metadata"]> = {}): ApiObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default", labels: { app: "web" }, ...extra },
  spec: { replicas, template: { metadata: { labels: { app: "web" } } } },
});

const stored = (obj: ApiObject, meta: Partial<ApiObject["metadata"]> = {}): ApiObject => ({
  ...obj,
  metadata: { ...obj.metadata, uid: "uid-0", creationTimestamp: "2025-01-01T00:00:00.000Z", generation: 1, resourceVersion: "7", ...meta },
  status: { replicas: 3 },
});

describe("planApply", () => {
  it("creates a new object with server-set metadata and no status", () => {
    const plan = planApply({ ...deployment(3), status: { replicas: 99 } }, undefined, inputs);
    expect(plan.action).toBe("created");
    expect(plan.object.metadata).toMatchObject({ uid: "uid-1", generation: 1, creationTimestamp: "2026-01-02T03:04:05.000Z" });
    expect(plan.object.status).toBeUndefined();
  });

  it("ignores a uid or resourceVersion the user sent on create", () => {
    const obj = planCreate(deployment(3, { uid: "mine", resourceVersion: "12" }), inputs);
    expect(obj.metadata.uid).toBe("uid-1");
    expect(obj.metadata.resourceVersion).toBeUndefined();
  });

  it("is unchanged when the same manifest is applied again", () => {
    const plan = planApply(deployment(3), stored(deployment(3)), inputs);
    expect(plan.action).toBe("unchanged");
    expect(plan.object.metadata.resourceVersion).toBe("7");
  });

  it("bumps generation on a spec change, keeps uid, status and the CAS version", () => {
    const plan = planApply(deployment(5), stored(deployment(3)), inputs);
    expect(plan.action).toBe("configured");
    expect(plan.object.metadata).toMatchObject({ uid: "uid-0", generation: 2, resourceVersion: "7" });
    expect(plan.object.status).toEqual({ replicas: 3 });
  });

  it("keeps generation on a metadata-only change", () => {
    const plan = planApply(deployment(3, { labels: { app: "web", tier: "front" } }), stored(deployment(3)), inputs);
    expect(plan.action).toBe("configured");
    expect(plan.object.metadata.generation).toBe(1);
  });

  it("keeps a scheduled pod's nodeName when the manifest leaves it out", () => {
    const pod: ApiObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default" }, spec: { containers: [] } };
    const before = stored({ ...pod, spec: { containers: [], nodeName: "n1" } });
    expect(planApply(pod, before, inputs).action).toBe("unchanged");
  });

  it("keeps annotations written by controllers, drops the user's removed ones", () => {
    const before = stored(deployment(3, { annotations: { "deployment.kubernetes.io/revision": "2", note: "old" } }));
    const plan = planApply(deployment(3), before, inputs);
    expect(plan.object.metadata.annotations).toEqual({ "deployment.kubernetes.io/revision": "2" });
  });

  it("uses the user's resourceVersion as the precondition when given", () => {
    const plan = planApply(deployment(4, { resourceVersion: "3" }), stored(deployment(3)), inputs);
    expect(plan.object.metadata.resourceVersion).toBe("3");
  });
});
