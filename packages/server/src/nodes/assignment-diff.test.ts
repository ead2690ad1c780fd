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
    expect(t.wants(secret("db", "v1"))).toBe(false); // the watch does not even bring it
    expect(t.missingConfigs(pod({ secret: "db" })).map((r) => r.name)).toEqual(["db"]);
    expect(summary(t.onEvent("ADDED", pod({ secret: "db" }), [secret("db", "v1")]))).toEqual(["UPDATE Secret db", "UPDATE Pod web-u1"]);
    expect(t.wants(secret("db", "v1"))).toBe(true);
    expect(t.missingConfigs(pod({ secret: "db", uid: "u2" }))).toEqual([]);
    expect(summary(t.onEvent("MODIFIED", secret("db", "v2")))).toEqual(["UPDATE Secret db"]);
    expect(t.onEvent("MODIFIED", secret("other", "y"))).toEqual([]);
    expect(summary(t.onEvent("ADDED", pod({ secret: "db", uid: "u2" })))).toEqual(["UPDATE Pod web-u2"]);
    expect(summary(t.onEvent("DELETED", pod({ secret: "db" })))).toEqual(["REMOVE Pod web-u1"]);
    expect(summary(t.onEvent("DELETED", pod({ secret: "db", uid: "u2" })))).toEqual(["REMOVE Pod web-u2", "REMOVE Secret db"]);
  });

  it("a config read from the store when first used is not replaced by an older one the watch brings later", () => {
    const t = new AssignmentTracker("n1");
    const at = (value: string, rv: string): ApiObject => ({ ...secret("db", value), metadata: { name: "db", namespace: "default", resourceVersion: rv } });
    expect(summary(t.onEvent("ADDED", pod({ secret: "db" }), [at("new", "9")]))).toEqual(["UPDATE Secret db", "UPDATE Pod web-u1"]);
    expect(t.onEvent("MODIFIED", at("old", "5"))).toEqual([]);
    expect(summary(t.onEvent("MODIFIED", at("newer", "12")))).toEqual(["UPDATE Secret db"]);
  });

  it("wants its own pods, pods it had (to see them go), and every Service; nothing else", () => {
    const t = new AssignmentTracker("n1");
    expect([t.wants(pod()), t.wants(pod({ node: "n2" }))]).toEqual([true, false]);
    t.onEvent("ADDED", pod());
    expect(t.wants(pod({ node: "n2" }))).toBe(true); // moved away: the node must hear it go
    expect(t.wants({ apiVersion: "v1", kind: "Service", metadata: { name: "s" } })).toBe(true);
    expect(t.wants({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" } })).toBe(false);
  });

  it("a Secret created after its pod reaches the agent then", () => {
    const t = new AssignmentTracker("n1");
    t.onEvent("ADDED", pod({ secret: "late" }));
    expect(summary(t.onEvent("ADDED", secret("late", "v")))).toEqual(["UPDATE Secret late"]);
  });

  describe("Services and Endpoints", () => {
    const svc = (name: string, rv: string, port = 80, namespace = "default"): ApiObject => ({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace, resourceVersion: rv },
      spec: { clusterIP: "10.96.0.1", ports: [{ port }] },
    });
    const eps = (name: string, rv: string, ip: string, annotation = "{}"): ApiObject => ({
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name, namespace: "default", resourceVersion: rv, annotations: { "skiff.dev/endpoint-ports": annotation } },
      subsets: [{ addresses: [{ ip }], ports: [{ port: 8080 }] }],
    });
    const cases: { name: string; events: ["ADDED" | "MODIFIED" | "DELETED", ApiObject][]; want: string[] }[] = [
      { name: "every Service goes to every node, in any namespace", events: [["ADDED", svc("web", "1")], ["ADDED", svc("db", "2", 5432, "other")]], want: ["UPDATE Service web", "UPDATE Service db"] },
      { name: "a write that changes nothing the proxy reads is not sent", events: [["ADDED", svc("web", "1")], ["MODIFIED", svc("web", "2")]], want: ["UPDATE Service web"] },
      { name: "a spec change is sent", events: [["ADDED", svc("web", "1")], ["MODIFIED", svc("web", "2", 81)]], want: ["UPDATE Service web", "UPDATE Service web"] },
      { name: "new subsets are sent", events: [["ADDED", eps("web", "1", "10.244.2.2")], ["MODIFIED", eps("web", "2", "10.244.2.3")]], want: ["UPDATE Endpoints web", "UPDATE Endpoints web"] },
      { name: "new published ports are sent", events: [["ADDED", eps("web", "1", "10.244.2.2")], ["MODIFIED", eps("web", "2", "10.244.2.2", '{"10.244.2.2":{}}')]], want: ["UPDATE Endpoints web", "UPDATE Endpoints web"] },
      { name: "a deleted one is removed", events: [["ADDED", svc("web", "1")], ["DELETED", svc("web", "3")]], want: ["UPDATE Service web", "REMOVE Service web"] },
      { name: "a deleted one never sent is not", events: [["DELETED", eps("web", "3", "10.244.2.2")]], want: [] },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const t = new AssignmentTracker("n1");
        expect(c.events.flatMap(([type, obj]) => summary(t.onEvent(type, obj)))).toEqual(c.want);
      });
    }

    it("are in the COMPLETE set, before the pods", () => {
      const t = new AssignmentTracker("n1");
      expect(summary(t.complete([pod()], [], [svc("web", "1"), eps("web", "2", "10.244.2.2")]))).toEqual(["UPDATE Service web", "UPDATE Endpoints web", "UPDATE Pod web-u1"]);
      expect(t.onEvent("MODIFIED", svc("web", "5"))).toEqual([]);
    });
  });
});
