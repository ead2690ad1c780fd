import { describe, expect, it } from "vitest";
import { ConflictError, ValidationError, type ApiObject } from "@skiff/api";
import {
  FOREGROUND_FINALIZER,
  NAMESPACE_FINALIZER,
  ORPHAN_FINALIZER,
  checkFinalizerUpdate,
  completeDeletion,
  parsePropagationPolicy,
  planDelete,
  planNamespaceDelete,
  type PropagationPolicy,
} from "./deletion-plan.js";

const now = new Date("2026-01-01T00:00:00Z");
const obj = (meta: Partial<ApiObject["metadata"]> = {}, kind = "ReplicaSet"): ApiObject => ({
  apiVersion: "apps/v1",
  kind,
  metadata: { name: "web", namespace: "default", uid: "u1", resourceVersion: "7", ...meta },
});

describe("planDelete", () => {
  const cases: {
    name: string;
    meta?: Partial<ApiObject["metadata"]>;
    policy?: PropagationPolicy;
    outcome: string;
    finalizers?: string[];
  }[] = [
    { name: "no finalizers, background: removed at once", outcome: "removed" },
    { name: "no finalizers, policy unsaid: removed at once", outcome: "removed" },
    { name: "foreground: marked with foregroundDeletion", policy: "foreground", outcome: "marked", finalizers: [FOREGROUND_FINALIZER] },
    { name: "orphan: marked with orphan", policy: "orphan", outcome: "marked", finalizers: [ORPHAN_FINALIZER] },
    { name: "a custom finalizer: marked, finalizers kept", meta: { finalizers: ["example.com/hold"] }, outcome: "marked", finalizers: ["example.com/hold"] },
    {
      name: "a custom finalizer and foreground: both",
      meta: { finalizers: ["example.com/hold"] },
      policy: "foreground",
      outcome: "marked",
      finalizers: ["example.com/hold", FOREGROUND_FINALIZER],
    },
    { name: "foreground replaces orphan", meta: { finalizers: [ORPHAN_FINALIZER] }, policy: "foreground", outcome: "marked", finalizers: [FOREGROUND_FINALIZER] },
    { name: "explicit background drops a GC finalizer set beforehand", meta: { finalizers: [ORPHAN_FINALIZER] }, policy: "background", outcome: "removed" },
    { name: "unsaid policy keeps a GC finalizer set beforehand", meta: { finalizers: [ORPHAN_FINALIZER] }, outcome: "marked", finalizers: [ORPHAN_FINALIZER] },
    { name: "already being deleted: unchanged", meta: { deletionTimestamp: "2025-12-31T00:00:00Z", finalizers: ["x"] }, policy: "foreground", outcome: "unchanged" },
  ];
  it.each(cases)("$name", ({ meta, policy, outcome, finalizers }) => {
    const plan = planDelete(obj(meta), { policy, now });
    expect(plan.outcome).toBe(outcome);
    if (outcome === "unchanged") expect(plan.op).toBeUndefined();
    if (outcome === "removed") expect(plan.op).toEqual({ type: "delete", ref: { kind: "ReplicaSet", namespace: "default", name: "web" }, resourceVersion: "7" });
    if (outcome === "marked") {
      expect(plan.op?.type).toBe("update");
      const marked = plan.op?.type === "update" ? plan.op.object : undefined;
      expect(marked?.metadata.deletionTimestamp).toBe(now.toISOString());
      expect(marked?.metadata.finalizers).toEqual(finalizers);
      expect(marked?.metadata.resourceVersion).toBe("7");
    }
  });

  it("a pod without finalizers is removed at once (the agent stops it with its grace period)", () => {
    expect(planDelete(obj({}, "Pod"), { now }).outcome).toBe("removed");
  });

  it("a stale resourceVersion precondition is a conflict", () => {
    expect(() => planDelete(obj(), { now, resourceVersion: "6" })).toThrow(ConflictError);
  });
});

describe("completeDeletion", () => {
  it("an update emptying the finalizers of an object being deleted removes it", () => {
    const op = completeDeletion({ type: "update", object: obj({ deletionTimestamp: "t", finalizers: [] }) });
    expect(op).toEqual({ type: "delete", ref: { kind: "ReplicaSet", namespace: "default", name: "web" }, resourceVersion: "7" });
  });
  it("finalizers left, or not being deleted: the update stays an update", () => {
    expect(completeDeletion({ type: "update", object: obj({ deletionTimestamp: "t", finalizers: ["a"] }) }).type).toBe("update");
    expect(completeDeletion({ type: "update", object: obj({ finalizers: [] }) }).type).toBe("update");
  });
});

describe("checkFinalizerUpdate", () => {
  it("refuses a new finalizer on an object being deleted, allows removing one", () => {
    const deleting = obj({ deletionTimestamp: "t", finalizers: ["a"] });
    expect(() => checkFinalizerUpdate(obj({ finalizers: ["a", "b"] }), deleting)).toThrow(ValidationError);
    expect(() => checkFinalizerUpdate(obj({ finalizers: [] }), deleting)).not.toThrow();
    expect(() => checkFinalizerUpdate(obj({ finalizers: ["b"] }), obj())).not.toThrow();
  });
});

describe("parsePropagationPolicy", () => {
  it("empty is unsaid; the three policies; anything else is refused", () => {
    expect(parsePropagationPolicy("")).toBeUndefined();
    expect(parsePropagationPolicy("Foreground")).toBe("foreground");
    expect(parsePropagationPolicy("orphan")).toBe("orphan");
    expect(() => parsePropagationPolicy("cascade")).toThrow(ValidationError);
  });
});

describe("planNamespaceDelete", () => {
  const ns: ApiObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "team", uid: "n1", resourceVersion: "3" } };
  const cm = (name: string, finalizers?: string[]): ApiObject => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: "team", resourceVersion: "4", ...(finalizers ? { finalizers } : {}) },
  });

  it("empties the namespace and removes it in one batch", () => {
    const plan = planNamespaceDelete(ns, [cm("a"), cm("b")], { now });
    expect(plan.outcome).toBe("removed");
    expect(plan.ops.map((o) => o.type)).toEqual(["delete", "delete", "delete"]);
  });

  it("content held by a finalizer is marked and the namespace waits, Terminating", () => {
    const plan = planNamespaceDelete(ns, [cm("a"), cm("held", ["example.com/hold"])], { now });
    expect(plan.outcome).toBe("marked");
    expect(plan.ops.map((o) => o.type)).toEqual(["delete", "update", "update"]);
    const last = plan.ops[2];
    expect(last?.type === "update" && last.object.metadata).toMatchObject({ deletionTimestamp: now.toISOString(), finalizers: [NAMESPACE_FINALIZER] });
  });

  it("a namespace already being deleted: nothing", () => {
    expect(planNamespaceDelete({ ...ns, metadata: { ...ns.metadata, deletionTimestamp: "t" } }, [cm("a")], { now }).ops).toEqual([]);
  });
});
