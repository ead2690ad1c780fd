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
