import { describe, expect, it } from "vitest";
import type { ApiObject, OwnerReference } from "@skiff/api";
import { FOREGROUND_FINALIZER, NAMESPACE_FINALIZER, ORPHAN_FINALIZER } from "../../objects/deletion-plan.js";
import { classifyRefs, planDependent, planNamespace, planOwner, withoutOwnerRefs, type OwnerLookup } from "./gc-plan.js";

const object = (kind: string, name: string, uid: string, meta: Partial<ApiObject["metadata"]> = {}): ApiObject => ({
  apiVersion: "apps/v1",
  kind,
  metadata: { name, namespace: "default", uid, resourceVersion: "1", ...meta },
});
const ref = (owner: ApiObject, extra: Partial<OwnerReference> = {}): OwnerReference => ({
  apiVersion: owner.apiVersion,
  kind: owner.kind,
  name: owner.metadata.name,
  uid: owner.metadata.uid ?? "",
  ...extra,
});
const lookupIn =
  (objects: ApiObject[]): OwnerLookup =>
  (r) =>
    r.kind === "Widget" ? "unknown" : objects.find((o) => o.kind === r.kind && o.metadata.name === r.name);

const deploy = object("Deployment", "web", "d1");
const deployReplaced = object("Deployment", "web", "d2");
const deployForeground = object("Deployment", "web", "d1", { deletionTimestamp: "t", finalizers: [FOREGROUND_FINALIZER] });
const deployOrphaning = object("Deployment", "web", "d1", { deletionTimestamp: "t", finalizers: [ORPHAN_FINALIZER] });
const deployHeld = object("Deployment", "web", "d1", { deletionTimestamp: "t", finalizers: ["example.com/hold"] });
const other = object("StatefulSet", "db", "s1");
const widget: ApiObject = object("Widget", "w", "w1");

describe("planDependent", () => {
  const cases: { name: string; refs: OwnerReference[]; owners: ApiObject[]; hasDependents?: boolean; meta?: Partial<ApiObject["metadata"]>; expected: unknown }[] = [
    { name: "no owner references: kept", refs: [], owners: [], expected: { type: "none" } },
    { name: "owner there: kept", refs: [ref(deploy)], owners: [deploy], expected: { type: "none" } },
    { name: "owner gone: deleted (background)", refs: [ref(deploy)], owners: [], expected: { type: "delete" } },
    { name: "owner replaced by one with the same name, another uid: deleted", refs: [ref(deploy)], owners: [deployReplaced], expected: { type: "delete" } },
    { name: "one owner gone, another there: only the reference goes", refs: [ref(deploy), ref(other)], owners: [other], expected: { type: "removeOwnerRefs", uids: ["d1"] } },
    { name: "owner of a kind not followed: kept", refs: [ref(widget)], owners: [], expected: { type: "none" } },
    { name: "owner being deleted in background (held by a finalizer): kept until it goes", refs: [ref(deploy, { blockOwnerDeletion: true })], owners: [deployHeld], expected: { type: "none" } },
    { name: "owner orphaning: kept (the owner strips the reference)", refs: [ref(deploy, { blockOwnerDeletion: true })], owners: [deployOrphaning], expected: { type: "none" } },
    { name: "owner deleting in foreground, blocking reference: deleted", refs: [ref(deploy, { blockOwnerDeletion: true })], owners: [deployForeground], expected: { type: "delete" } },
    {
      name: "owner deleting in foreground, and we own things: deleted in foreground too",
      refs: [ref(deploy, { blockOwnerDeletion: true })],
      owners: [deployForeground],
      hasDependents: true,
      expected: { type: "delete", policy: "foreground" },
    },
    { name: "owner deleting in foreground, non-blocking reference: kept until the owner goes", refs: [ref(deploy)], owners: [deployForeground], expected: { type: "none" } },
    {
      name: "a foreground owner and a solid one: detached from the first",
      refs: [ref(deploy, { blockOwnerDeletion: true }), ref(other)],
      owners: [deployForeground, other],
      expected: { type: "removeOwnerRefs", uids: ["d1"] },
    },
    { name: "already being deleted: left to its own finalizers", refs: [ref(deploy)], owners: [], meta: { deletionTimestamp: "t", finalizers: ["x"] }, expected: { type: "none" } },
  ];
  it.each(cases)("$name", ({ refs, owners, hasDependents, meta, expected }) => {
    const rs = object("ReplicaSet", "web-1", "r1", { ownerReferences: refs, ...meta });
    expect(planDependent(rs, classifyRefs(rs, lookupIn(owners)), hasDependents ?? false)).toEqual(expected);
  });
});

describe("planOwner", () => {
  const rsBlocking = object("ReplicaSet", "a", "r1", { ownerReferences: [ref(deploy, { blockOwnerDeletion: true })] });
  const rsLoose = object("ReplicaSet", "b", "r2", { ownerReferences: [ref(deploy)] });
  const stranger = object("ReplicaSet", "c", "r3", { ownerReferences: [ref(other)] });

  it("not being deleted: nothing", () => {
    expect(planOwner(deploy, [rsBlocking])).toEqual({ type: "none" });
  });
  it("orphan: every dependent of this uid is to be detached", () => {
    expect(planOwner(deployOrphaning, [rsBlocking, rsLoose, stranger])).toEqual({ type: "orphan", dependents: [rsBlocking, rsLoose] });
  });
  it("orphan with no dependents: still goes through (just drops the finalizer)", () => {
    expect(planOwner(deployOrphaning, [])).toEqual({ type: "orphan", dependents: [] });
  });
  it("foreground: waits while a blocking dependent exists", () => {
    expect(planOwner(deployForeground, [rsBlocking, rsLoose])).toEqual({ type: "waitForDependents", blocking: [rsBlocking] });
  });
  it("foreground: a dependent of the same name but an old uid does not block", () => {
    expect(planOwner({ ...deployForeground, metadata: { ...deployForeground.metadata, uid: "d9" } }, [rsBlocking])).toEqual({
      type: "removeFinalizer",
      finalizer: FOREGROUND_FINALIZER,
    });
  });
  it("foreground: non-blocking dependents do not hold it; the finalizer goes", () => {
    expect(planOwner(deployForeground, [rsLoose])).toEqual({ type: "removeFinalizer", finalizer: FOREGROUND_FINALIZER });
  });
  it("only someone else's finalizer: nothing for the collector", () => {
    expect(planOwner(deployHeld, [rsBlocking])).toEqual({ type: "none" });
  });
});

describe("planNamespace", () => {
  const ns = (meta: Partial<ApiObject["metadata"]>): ApiObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team", ...meta } });
  const terminating = ns({ deletionTimestamp: "t", finalizers: [NAMESPACE_FINALIZER] });
  const held = object("ConfigMap", "held", "c1", { deletionTimestamp: "t", finalizers: ["x"] });
  const late = object("ConfigMap", "late", "c2");

  it.each([
    { name: "not terminating: nothing", namespace: ns({}), content: [late], expected: { type: "none" } },
    { name: "empty: the finalizer goes", namespace: terminating, content: [], expected: { type: "removeFinalizer", finalizer: NAMESPACE_FINALIZER } },
    { name: "only objects being deleted: wait", namespace: terminating, content: [held], expected: { type: "none" } },
    { name: "something written since: delete it", namespace: terminating, content: [held, late], expected: { type: "deleteContent", objects: [late] } },
  ])("$name", ({ namespace, content, expected }) => {
    expect(planNamespace(namespace, content, NAMESPACE_FINALIZER)).toEqual(expected);
  });
});

describe("withoutOwnerRefs", () => {
  it("drops the references to those uids, and the field when none is left", () => {
    const rs = object("ReplicaSet", "a", "r1", { ownerReferences: [ref(deploy), ref(other)] });
    expect(withoutOwnerRefs(rs, ["d1"]).metadata.ownerReferences).toEqual([ref(other)]);
    expect("ownerReferences" in withoutOwnerRefs(rs, ["d1", "s1"]).metadata).toBe(false);
  });
});
