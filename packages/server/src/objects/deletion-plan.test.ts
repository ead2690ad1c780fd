import { describe, expect, it } from "vitest";
import { ConflictError, ValidationError, type ApiObject, type Pod } from "@skiff/api";
import {
  FOREGROUND_FINALIZER,
  NAMESPACE_FINALIZER,
  ORPHAN_FINALIZER,
  checkFinalizerUpdate,
  completeDeletion,
  parsePropagationPolicy,
  planDelete,
  planNamespaceDelete,
  namespaceDeleteInSteps,
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

  it("an object that is not a pod ignores gracePeriodSeconds", () => {
    expect(planDelete(obj(), { now, gracePeriodSeconds: 30 }).outcome).toBe("removed");
  });

  it("a stale resourceVersion precondition is a conflict", () => {
    expect(() => planDelete(obj(), { now, resourceVersion: "6" })).toThrow(ConflictError);
  });
});

describe("planDelete of a pod (graceful deletion)", () => {
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();
  const pod = (o: { nodeName?: string; grace?: number; phase?: string; meta?: Partial<ApiObject["metadata"]> } = {}): Pod => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "db-1", namespace: "default", uid: "p1", resourceVersion: "9", ...o.meta },
    spec: { containers: [], ...("nodeName" in o ? (o.nodeName ? { nodeName: o.nodeName } : {}) : { nodeName: "n1" }), ...(o.grace !== undefined ? { terminationGracePeriodSeconds: o.grace } : {}) },
    ...(o.phase ? { status: { phase: o.phase as "Running" } } : {}),
  });
  const terminating = (grace: number, since = now) =>
    pod({ meta: { deletionTimestamp: new Date(since.getTime() + grace * 1000).toISOString(), deletionGracePeriodSeconds: grace } });

  const cases: { name: string; pod: Pod; inputs?: { gracePeriodSeconds?: number; nodeExists?: boolean }; outcome: string; grace?: number; timestamp?: string }[] = [
    { name: "running on a node: Terminating for its terminationGracePeriodSeconds", pod: pod({ grace: 10, phase: "Running" }), outcome: "marked", grace: 10, timestamp: at(10) },
    { name: "no terminationGracePeriodSeconds: Kubernetes' 30 s", pod: pod(), outcome: "marked", grace: 30, timestamp: at(30) },
    { name: "the request's gracePeriodSeconds wins over the spec's", pod: pod({ grace: 10 }), inputs: { gracePeriodSeconds: 3 }, outcome: "marked", grace: 3, timestamp: at(3) },
    { name: "gracePeriodSeconds 0 (force): removed at once", pod: pod({ grace: 10 }), inputs: { gracePeriodSeconds: 0 }, outcome: "removed" },
    { name: "terminationGracePeriodSeconds 0: removed at once", pod: pod({ grace: 0 }), outcome: "removed" },
    { name: "not bound to a node: removed at once", pod: pod({ nodeName: "" }), outcome: "removed" },
    { name: "its node is gone: removed at once", pod: pod(), inputs: { nodeExists: false }, outcome: "removed" },
    { name: "finished (Succeeded): removed at once", pod: pod({ phase: "Succeeded" }), outcome: "removed" },
    { name: "finished (Failed): removed at once", pod: pod({ phase: "Failed" }), outcome: "removed" },
    { name: "already Terminating, same grace asked: unchanged", pod: terminating(30), inputs: { gracePeriodSeconds: 30 }, outcome: "unchanged" },
    { name: "already Terminating, longer grace asked: unchanged (it only shortens)", pod: terminating(5), inputs: { gracePeriodSeconds: 60 }, outcome: "unchanged" },
    { name: "already Terminating, shorter grace: shortened, from when the deletion began", pod: terminating(30), inputs: { gracePeriodSeconds: 5 }, outcome: "marked", grace: 5, timestamp: at(5) },
    { name: "already Terminating, grace 0 (force, or its agent's last word): removed", pod: terminating(30), inputs: { gracePeriodSeconds: 0 }, outcome: "removed" },
    { name: "already Terminating, no grace asked: unchanged", pod: terminating(30), outcome: "unchanged" },
  ];
  it.each(cases)("$name", ({ pod: p, inputs, outcome, grace, timestamp }) => {
    const plan = planDelete(p, { now, ...inputs });
    expect(plan.outcome).toBe(outcome);
    if (outcome === "removed") expect(plan.op).toEqual({ type: "delete", ref: { kind: "Pod", namespace: "default", name: "db-1" }, resourceVersion: "9" });
    if (outcome === "marked") {
      const marked = plan.op?.type === "update" ? plan.op.object : undefined;
      expect(marked?.metadata.deletionGracePeriodSeconds).toBe(grace);
      expect(marked?.metadata.deletionTimestamp).toBe(timestamp);
      expect(marked?.metadata.resourceVersion).toBe("9");
    }
  });

  it("a pod with a finalizer and grace 0 is marked, and goes when the finalizer does", () => {
    const plan = planDelete(pod({ meta: { finalizers: ["example.com/hold"] } }), { now, gracePeriodSeconds: 0 });
    expect(plan.outcome).toBe("marked");
    const marked = plan.op?.type === "update" ? plan.op.object : undefined;
    expect(marked?.metadata).toMatchObject({ deletionGracePeriodSeconds: 0, deletionTimestamp: now.toISOString() });
    expect(completeDeletion({ type: "update", object: { ...marked!, metadata: { ...marked!.metadata, finalizers: [] } } }).type).toBe("delete");
  });

  it("a negative or fractional gracePeriodSeconds is refused, naming the field", () => {
    expect(() => planDelete(pod(), { now, gracePeriodSeconds: -1 })).toThrow(/gracePeriodSeconds/);
    expect(() => planDelete(pod(), { now, gracePeriodSeconds: 1.5 })).toThrow(ValidationError);
  });
});

describe("completeDeletion", () => {
  it("a Terminating pod without finalizers stays while its grace period runs (its agent has not confirmed)", () => {
    const object = obj({ deletionTimestamp: "t", deletionGracePeriodSeconds: 30 }, "Pod");
    expect(completeDeletion({ type: "update", object }).type).toBe("update");
    expect(completeDeletion({ type: "update", object: obj({ deletionTimestamp: "t", deletionGracePeriodSeconds: 0 }, "Pod") }).type).toBe("delete");
  });
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

  it("in steps (too big for one commit): the namespace marked first, then its content alone", () => {
    const content = Array.from({ length: 300 }, (_, i) => cm(`c${i}`));
    const plan = planNamespaceDelete(ns, content, { now });
    expect(plan.outcome).toBe("removed"); // in one batch it would go at once
    const steps = namespaceDeleteInSteps(ns, plan.ops, now);
    expect(steps.mark).toMatchObject({ type: "update", object: { kind: "Namespace", metadata: { name: "team", resourceVersion: "3", deletionTimestamp: now.toISOString(), finalizers: [NAMESPACE_FINALIZER] } } });
    expect(steps.content).toHaveLength(300);
    expect(steps.content.every((op) => op.type === "delete" && op.ref.kind === "ConfigMap")).toBe(true);
  });
});
