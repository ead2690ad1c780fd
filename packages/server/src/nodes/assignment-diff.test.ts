import { describe, expect, it } from "vitest";
import type { ApiObject, Pod } from "@skiff/api";
import { AssignmentTracker } from "./assignment-diff.js";

const pod = (over: { node?: string; rv?: string; phase?: "Running" | "Failed"; image?: string; secret?: string; uid?: string } = {}): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: `web-${over.uid ?? "u1"}`, namespace: "default", uid: over.uid ?? "u1", resourceVersion: over.rv ?? "1" },
  spec: {
    nodeName: over.node ?? "n1",
    containers: [{ name: "app", image: over.image ?? "img:1" }],
    ...(over.secret ? { volumes: [{ name: "s", secret: { secretName: over.secret } }] } : {}),
  },
  status: over.phase ? { phase: over.phase } : {},
});
const secret = (name: string, value: string): ApiObject => ({ apiVersion: "v1", kind: "Secret", metadata: { name, namespace: "default" }, data: { k: value } });
const summary = (changes: { action: string; object: ApiObject }[]) => changes.map((c) => `${c.action} ${c.object.kind} ${c.object.metadata.name}`);

describe("AssignmentTracker", () => {
  it("sends a pod bound to the node once, not again for its own status writes", () => {
    const t = new AssignmentTracker("n1");
    expect(summary(t.onEvent("ADDED", pod()))).toEqual(["UPDATE Pod web-u1"]);
    expect(t.onEvent("MODIFIED", pod({ rv: "2", phase: "Running" }))).toEqual([]);
  });

  it("sends a spec change, and a pod the control plane failed", () => {
    const t = new AssignmentTracker("n1");
    t.onEvent("ADDED", pod({ phase: "Running" }));
    expect(summary(t.onEvent("MODIFIED", pod({ image: "img:2", phase: "Running" })))).toEqual(["UPDATE Pod web-u1"]);
    expect(summary(t.onEvent("MODIFIED", pod({ image: "img:2", phase: "Failed" })))).toEqual(["UPDATE Pod web-u1"]);
  });

  it("ignores pods of other nodes, removes deleted ones it sent", () => {
    const t = new AssignmentTracker("n1");
    expect(t.onEvent("ADDED", pod({ node: "n2" }))).toEqual([]);
    t.onEvent("ADDED", pod());
    expect(summary(t.onEvent("DELETED", pod()))).toEqual(["REMOVE Pod web-u1"]);
  });

  it("sends a Secret only with a pod that uses it, its changes, and forgets it with the last such pod", () => {
    const t = new AssignmentTracker("n1");
    expect(t.complete([], [secret("db", "v1"), secret("other", "x")])).toEqual([]);
    expect(summary(t.onEvent("ADDED", pod({ secret: "db" })))).toEqual(["UPDATE Secret db", "UPDATE Pod web-u1"]);
    expect(summary(t.onEvent("MODIFIED", secret("db", "v2")))).toEqual(["UPDATE Secret db"]);
    expect(t.onEvent("MODIFIED", secret("other", "y"))).toEqual([]);
    expect(summary(t.onEvent("ADDED", pod({ secret: "db", uid: "u2" })))).toEqual(["UPDATE Pod web-u2"]);
    expect(summary(t.onEvent("DELETED", pod({ secret: "db" })))).toEqual(["REMOVE Pod web-u1"]);
    expect(summary(t.onEvent("DELETED", pod({ secret: "db", uid: "u2" })))).toEqual(["REMOVE Pod web-u2", "REMOVE Secret db"]);
  });

  it("a Secret created after its pod reaches the agent then", () => {
    const t = new AssignmentTracker("n1");
    t.onEvent("ADDED", pod({ secret: "late" }));
    expect(summary(t.onEvent("ADDED", secret("late", "v")))).toEqual(["UPDATE Secret late"]);
  });
});
