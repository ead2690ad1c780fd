// Server-side apply: create, re-apply, drop a field, share with and take from other managers.
import { describe, expect, it } from "vitest";
import { ConflictError } from "@skiff/api";
import { BadRequestError } from "../errors.js";
import { ApplyConflictError } from "./apply-conflict.js";
import { serverSideApply } from "./apply.js";
import type { JsonObject } from "./json.js";
import { deepFreeze } from "./test-fixtures.js";

const t0 = new Date("2025-01-01T10:00:00.123Z");
const t1 = new Date("2025-01-01T11:00:00Z");

/** A Deployment configuration as `kubectl apply --server-side` would send it. */
function config(spec: JsonObject, labels: Record<string, string> = { app: "web" }): JsonObject {
  return { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "default", labels }, spec };
}
const containers = (...c: JsonObject[]) => ({ template: { spec: { containers: c } } });

function apply(live: JsonObject | undefined, applied: JsonObject, manager = "kubectl", options: { force?: boolean; now?: Date } = {}): JsonObject {
  return serverSideApply({ kind: "Deployment", live: live && deepFreeze(live), applied: deepFreeze(applied), manager, force: options.force ?? false, now: options.now ?? t0 });
}
const spec = (obj: JsonObject) => obj.spec as JsonObject;
const meta = (obj: JsonObject) => obj.metadata as { labels?: Record<string, string>; managedFields: JsonObject[] };
const managers = (obj: JsonObject) => meta(obj).managedFields.map((e) => [e.manager, e.fieldsV1]);

describe("serverSideApply", () => {
  it("creates: the configuration, and one Apply entry with what it set", () => {
    const created = apply(undefined, config({ replicas: 2, ...containers({ name: "web", image: "nginx" }) }));
    expect(created).toEqual({
      ...config({ replicas: 2, ...containers({ name: "web", image: "nginx" }) }),
      metadata: {
        name: "web",
        namespace: "default",
        labels: { app: "web" },
        managedFields: [
          {
            manager: "kubectl",
            operation: "Apply",
            apiVersion: "apps/v1",
            time: "2025-01-01T10:00:00Z",
            fieldsType: "FieldsV1",
            fieldsV1: {
              "f:metadata": { "f:labels": { "f:app": {} } },
              "f:spec": { "f:replicas": {}, "f:template": { "f:spec": { "f:containers": { 'k:{"name":"web"}': { ".": {}, "f:name": {}, "f:image": {} } } } } },
            },
          },
        ],
      },
    });
  });

  it("re-applying the same configuration changes nothing, not even the entry's time", () => {
    const c = config({ replicas: 2 });
    const live = { ...apply(undefined, c), status: { replicas: 2 } };
    expect(apply(live, c, "kubectl", { now: t1 })).toEqual(live);
  });

  it("removes what the same manager applied before and no longer applies", () => {
    const live = apply(undefined, config({ replicas: 2, ...containers({ name: "web", image: "a", env: [{ name: "A", value: "1" }, { name: "B", value: "2" }] }, { name: "log", image: "b" }) }, { app: "web", tier: "fe" }));
    const next = apply(live, config(containers({ name: "web", image: "a", env: [{ name: "A", value: "1" }] }), { app: "web" }), "kubectl", { now: t1 });
    expect(spec(next).replicas).toBeUndefined();
    expect(meta(next).labels).toEqual({ app: "web" });
    expect(spec(next).template).toEqual({ spec: { containers: [{ name: "web", image: "a", env: [{ name: "A", value: "1" }] }] } });
    expect(meta(next).managedFields[0]).toMatchObject({ time: "2025-01-01T11:00:00Z" });
  });

  it("keeps fields another manager set, and fields the server set (status, defaults)", () => {
    let live = apply(undefined, config({ replicas: 2 }), "a");
    live = apply(live, config({ paused: false }, { tier: "fe" }), "b");
    live = { ...live, status: { replicas: 2 }, spec: { ...spec(live), revisionHistoryLimit: 10 } };
    const next = apply(live, config({}), "a");
    expect(spec(next)).toEqual({ paused: false, revisionHistoryLimit: 10 });
    expect(meta(next).labels).toEqual({ app: "web", tier: "fe" });
    expect(next.status).toEqual({ replicas: 2 });
  });

  it("shares a field two managers set to the same value: neither conflicts, dropping it by one keeps it", () => {
    let live = apply(undefined, config({ replicas: 2 }), "a");
    live = apply(live, config({ replicas: 2 }), "b");
    const next = apply(live, config({}), "a");
    expect(spec(next).replicas).toBe(2);
    expect(managers(next).map(([m]) => m)).toEqual(["a", "b"]);
  });

  it("refuses to change a field another manager applied: 409 with Kubernetes' message and causes", () => {
    const live = apply(undefined, config({ replicas: 2 }), "other-manager");
    const run = () => apply(live, config({ replicas: 3 }), "kubectl");
    expect(run).toThrow(ConflictError);
    expect(run).toThrow('Apply failed with 1 conflict: conflict with "other-manager": .spec.replicas');
    try {
      run();
    } catch (err) {
      expect((err as ApplyConflictError).causes).toEqual([{ reason: "FieldManagerConflict", message: 'conflict with "other-manager"', field: ".spec.replicas" }]);
    }
  });

  it("lists several conflicts, one line each, by manager", () => {
    const live = apply(undefined, config({ replicas: 2, ...containers({ name: "web", image: "a" }) }), "ci");
    expect(() => apply(live, config({ replicas: 3, ...containers({ name: "web", image: "b" }) }))).toThrow(
      'Apply failed with 2 conflicts: conflicts with "ci":\n- .spec.replicas\n- .spec.template.spec.containers[name="web"].image',
    );
  });

  it("with force, takes the field over: the other manager no longer owns it", () => {
    const live = apply(undefined, config({ replicas: 2, paused: false }), "other-manager");
    const next = apply(live, config({ replicas: 3 }), "kubectl", { force: true });
    expect(spec(next).replicas).toBe(3);
    expect(managers(next)).toEqual([
      ["other-manager", { "f:metadata": { "f:labels": { "f:app": {} } }, "f:spec": { "f:paused": {} } }],
      ["kubectl", { "f:metadata": { "f:labels": { "f:app": {} } }, "f:spec": { "f:replicas": {} } }],
    ]);
  });

  it("takes nothing from status or server-owned metadata in the configuration", () => {
    const c: JsonObject = { ...config({ replicas: 1 }), status: { replicas: 9 } };
    (c.metadata as JsonObject).uid = "forged";
    (c.metadata as JsonObject).resourceVersion = "1";
    (c.metadata as JsonObject).managedFields = [{ manager: "x" }];
    const live: JsonObject = { ...apply(undefined, config({ replicas: 1 })), status: { replicas: 1 } };
    (live.metadata as JsonObject).uid = "u-1";
    const next = apply(live, c);
    expect(next.status).toEqual({ replicas: 1 });
    expect(next.metadata).toMatchObject({ uid: "u-1", managedFields: [{ manager: "kubectl" }] });
    expect((next.metadata as JsonObject).resourceVersion).toBeUndefined();
  });

  it("needs a field manager", () => {
    expect(() => apply(undefined, config({}), "")).toThrow(BadRequestError);
    expect(() => apply(undefined, config({}), "")).toThrow("fieldManager is required");
  });
});
