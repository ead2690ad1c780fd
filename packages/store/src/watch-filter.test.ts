import { describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import type { StoredEvent } from "./history.js";
import { eventFor } from "./watch-filter.js";

const pod = (labels?: Record<string, string>, namespace = "default"): ApiObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace, labels },
});
const web = { matches: (labels: Record<string, string> | undefined) => labels?.app === "web" };
const typeOf = (stored: StoredEvent, filter = {}) => eventFor(stored, 7, filter)?.type;

describe("eventFor", () => {
  it("passes every event through when there is no filter, stamped with the revision", () => {
    const event = eventFor({ type: "ADDED", object: pod() }, 7, {});
    expect(event).toMatchObject({ type: "ADDED", revision: 7 });
  });

  it("filters by kind and namespace", () => {
    expect(typeOf({ type: "ADDED", object: pod() }, { kind: "Node" })).toBeUndefined();
    expect(typeOf({ type: "ADDED", object: pod() }, { kind: "Pod", namespace: "default" })).toBe("ADDED");
    expect(typeOf({ type: "ADDED", object: pod(undefined, "other") }, { namespace: "default" })).toBeUndefined();
  });

  it.each([
    ["stays in the selection", { app: "web" }, { app: "web" }, "MODIFIED"],
    ["enters the selection", { app: "db" }, { app: "web" }, "ADDED"],
    ["leaves the selection", { app: "web" }, { app: "db" }, "DELETED"],
    ["stays out of it", undefined, { app: "db" }, undefined],
  ])("turns an update that %s into %s", (_, before, after, expected) => {
    const stored: StoredEvent = { type: "MODIFIED", object: pod(after), prevLabels: before };
    expect(typeOf(stored, { selector: web })).toBe(expected);
  });

  it("gives a node's watch its own Pods (bound there now or before the write) and every other kind", () => {
    const bound = (nodeName?: string): ApiObject => ({ ...pod(), spec: { nodeName } }) as ApiObject;
    expect(typeOf({ type: "ADDED", object: bound("n1") }, { node: "n1" })).toBe("ADDED");
    expect(typeOf({ type: "ADDED", object: bound("n2") }, { node: "n1" })).toBeUndefined();
    expect(typeOf({ type: "ADDED", object: bound() }, { node: "n1" })).toBeUndefined();
    expect(typeOf({ type: "MODIFIED", object: bound("n2"), prevNodeName: "n1" }, { node: "n1" })).toBe("MODIFIED");
    expect(typeOf({ type: "DELETED", object: bound("n1") }, { node: "n1" })).toBe("DELETED");
    expect(typeOf({ type: "ADDED", object: { apiVersion: "v1", kind: "Service", metadata: { name: "s", namespace: "default" } } }, { node: "n1" })).toBe("ADDED");
  });

  it("delivers ADDED and DELETED only for matching objects", () => {
    expect(typeOf({ type: "DELETED", object: pod({ app: "web" }) }, { selector: web })).toBe("DELETED");
    expect(typeOf({ type: "ADDED", object: pod({ app: "db" }) }, { selector: web })).toBeUndefined();
  });

  it("hands out the stored object itself: one shared (frozen) object per write, not a copy per watcher", () => {
    const object = pod({ app: "web" });
    expect(eventFor({ type: "ADDED", object }, 1, {})?.object).toBe(object);
  });

  it("filters by a list of kinds", () => {
    expect(typeOf({ type: "ADDED", object: pod() }, { kinds: ["Service", "Pod"] })).toBe("ADDED");
    expect(typeOf({ type: "ADDED", object: pod() }, { kinds: ["Service"] })).toBeUndefined();
  });
});
