import { describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import type { AssignmentsMessage__Output } from "@skiff/proto";
import { applyAssignments } from "./assignments.js";

const pod = (uid: string): Pod => ({ apiVersion: "v1", kind: "Pod", metadata: { name: uid, namespace: "default", uid }, spec: { containers: [] } });
const msg = (type: "COMPLETE" | "INCREMENTAL", appliesTo: number, resultsIn: number, changes: [string, "UPDATE" | "REMOVE"][]): AssignmentsMessage__Output => ({
  type,
  appliesTo: String(appliesTo),
  resultsIn: String(resultsIn),
  changes: changes.map(([uid, action]) => ({ action, kind: "Pod", objectJson: JSON.stringify(pod(uid)) })),
});

describe("applyAssignments", () => {
  it("a COMPLETE set replaces everything", () => {
    const r = applyAssignments(undefined, msg("COMPLETE", 0, 1, [["a", "UPDATE"], ["b", "UPDATE"]]));
    expect(r.kind === "complete" && [...r.set.pods.keys()]).toEqual(["a", "b"]);
  });

  it("an INCREMENTAL change applies on the sequence it names", () => {
    const first = applyAssignments(undefined, msg("COMPLETE", 0, 1, [["a", "UPDATE"]]));
    if (first.kind !== "complete") throw new Error("expected complete");
    const next = applyAssignments(first.set, msg("INCREMENTAL", 1, 2, [["a", "REMOVE"], ["c", "UPDATE"]]));
    expect(next.kind).toBe("incremental");
    if (next.kind !== "incremental") return;
    expect([...next.set.pods.keys()]).toEqual(["c"]);
    expect(next.set.sequence).toBe(2);
    expect(next.removed.map((p) => p.metadata.uid)).toEqual(["a"]);
  });

  it("a gap in the sequence asks for a reconnect", () => {
    const first = applyAssignments(undefined, msg("COMPLETE", 0, 1, []));
    if (first.kind !== "complete") throw new Error("expected complete");
    expect(applyAssignments(first.set, msg("INCREMENTAL", 2, 3, []))).toEqual({ kind: "gap", expected: 1, got: 2 });
  });
});

describe("applyAssignments with configuration", () => {
  it("keeps ConfigMaps and Secrets apart from pods, and says when they changed", () => {
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "default" }, data: { k: "dg==" } };
    const first = applyAssignments(undefined, { type: "COMPLETE", appliesTo: "0", resultsIn: "1", changes: [{ action: "UPDATE", kind: "Secret", objectJson: JSON.stringify(secret) }] });
    if (first.kind !== "complete") throw new Error("expected complete");
    expect([...first.set.configs.keys()]).toEqual(["Secret/default/db"]);
    const next = applyAssignments(first.set, { type: "INCREMENTAL", appliesTo: "1", resultsIn: "2", changes: [{ action: "REMOVE", kind: "Secret", objectJson: JSON.stringify(secret) }] });
    expect(next.kind === "incremental" && next.configsChanged).toBe(true);
    expect(next.kind === "incremental" && next.set.configs.size).toBe(0);
  });
});

describe("applyAssignments with Services and Endpoints", () => {
  const svc = (name: string, namespace = "default") => ({ apiVersion: "v1", kind: "Service", metadata: { name, namespace }, spec: { clusterIP: "10.96.0.1", ports: [{ port: 80 }] } });
  const eps = (name: string, ip: string) => ({ apiVersion: "v1", kind: "Endpoints", metadata: { name, namespace: "default" }, subsets: [{ addresses: [{ ip }], ports: [{ port: 8080 }] }] });
  const change = (action: "UPDATE" | "REMOVE", obj: { kind: string }) => ({ action, kind: obj.kind, objectJson: JSON.stringify(obj) });

  it("keeps them by namespace/name, apart from pods and configs", () => {
    const r = applyAssignments(undefined, { type: "COMPLETE", appliesTo: "0", resultsIn: "1", changes: [change("UPDATE", svc("web")), change("UPDATE", svc("db", "data")), change("UPDATE", eps("web", "10.244.2.2"))] });
    if (r.kind !== "complete") throw new Error("expected complete");
    expect([...r.set.services.keys()]).toEqual(["default/web", "data/db"]);
    expect([...r.set.endpoints.keys()]).toEqual(["default/web"]);
    expect(r.set.pods.size + r.set.configs.size).toBe(0);
  });

  it("says when they changed, and only then", () => {
    const first = applyAssignments(undefined, { type: "COMPLETE", appliesTo: "0", resultsIn: "1", changes: [change("UPDATE", svc("web")), change("UPDATE", eps("web", "10.244.2.2"))] });
    if (first.kind !== "complete") throw new Error("expected complete");
    const next = applyAssignments(first.set, { type: "INCREMENTAL", appliesTo: "1", resultsIn: "2", changes: [change("UPDATE", eps("web", "10.244.2.3")), change("REMOVE", svc("web"))] });
    if (next.kind !== "incremental") throw new Error("expected incremental");
    expect(next.servicesChanged).toBe(true);
    expect(next.set.services.size).toBe(0);
    expect(next.set.endpoints.get("default/web")?.subsets?.[0]?.addresses?.[0]?.ip).toBe("10.244.2.3");
    // The previous set is untouched (the agent may still be reading it).
    expect(first.set.services.size).toBe(1);
    const podsOnly = applyAssignments(next.set, msg("INCREMENTAL", 2, 3, [["a", "UPDATE"]]));
    expect(podsOnly.kind === "incremental" && podsOnly.servicesChanged).toBe(false);
  });
});
