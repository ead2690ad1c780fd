import { describe, expect, it } from "vitest";
import type { ApiObject, TraceStep } from "@skiff/api";
import { VersionLog, fieldDiff, historyRows } from "./history.js";

const cm = (rv: string, data: Record<string, string>, labels?: Record<string, string>): ApiObject =>
  ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default", uid: "u1", resourceVersion: rv, ...(labels ? { labels } : {}) }, data }) as unknown as ApiObject;

describe("a field diff", () => {
  it("names each changed, added and removed field by its path, and never the resourceVersion", () => {
    expect(fieldDiff(cm("1", { a: "x", b: "y" }), cm("2", { a: "z", c: "w" }, { app: "web" }))).toEqual([
      'metadata.labels: - -> {"app":"web"}',
      'data.a: "x" -> "z"',
      'data.b: "y" -> -',
      'data.c: - -> "w"',
    ]);
  });

  it("walks arrays by index and cuts long values and long lists", () => {
    expect(fieldDiff({ c: [{ image: "a" }] }, { c: [{ image: "b" }] })).toEqual(['c[0].image: "a" -> "b"']);
    expect(fieldDiff({ v: "x".repeat(100) }, { v: "y" })[0]).toMatch(/^v: "x+… -> "y"$/);
    const many = fieldDiff({}, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i])), 5);
    expect(many).toHaveLength(6);
    expect(many.at(-1)).toBe("… and more");
  });
});

describe("the versions a page sees", () => {
  it("keeps each new resourceVersion once, with its diff from the one before, the newest `max`", () => {
    const log = new VersionLog(2);
    expect(log.see(cm("1", { a: "1" }), "t1")).toBe(true);
    expect(log.see(cm("1", { a: "1" }), "t1")).toBe(false);
    log.see(cm("2", { a: "2" }), "t2");
    log.see(cm("3", { a: "3" }), "t3");
    expect(log.versions).toEqual([
      { resourceVersion: "2", at: "t2", changes: ['data.a: "1" -> "2"'] },
      { resourceVersion: "3", at: "t3", changes: ['data.a: "2" -> "3"'] },
    ]);
  });
});

describe("an object's history", () => {
  const step = (revision: number, uid: string, component: string, what: string): TraceStep => ({ at: `t${revision}`, revision, component, kind: "Deployment", namespace: "default", name: "web", uid, step: what, detail: "" });

  it("one row per resourceVersion, newest first: who and what from the trace (this object's only), the diff from what the page saw", () => {
    const steps = [step(5, "u1", "user", "created"), step(6, "other", "replicaset-controller", "created"), step(9, "u1", "user", "spec changed")];
    const seen = [{ resourceVersion: "9", at: "page", changes: ["spec.replicas: 3 -> 5"] }, { resourceVersion: "12", at: "page2", changes: ["status.readyReplicas: 3 -> 5"] }];
    expect(historyRows("u1", steps, seen)).toEqual([
      { resourceVersion: "12", at: "page2", changes: ["status.readyReplicas: 3 -> 5"] },
      { resourceVersion: "9", at: "t9", who: "user", what: "spec changed", changes: ["spec.replicas: 3 -> 5"] },
      { resourceVersion: "5", at: "t5", who: "user", what: "created" },
    ]);
  });
});
