import { describe, expect, it } from "vitest";
import { nodeAffinityFor, type ApiObject, type PersistentVolume, type PersistentVolumeClaim, type Pod } from "@skiff/api";
import { AssignmentTracker } from "./assignment-diff.js";

const podWithClaim = (claim: string): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "db-0", namespace: "default", uid: "p1", resourceVersion: "1" },
  spec: { nodeName: "n1", containers: [{ name: "db", image: "db:1" }], volumes: [{ name: "data", persistentVolumeClaim: { claimName: claim } }] },
});
const claim = (name: string, rv: string, annotations: Record<string, string> = {}): PersistentVolumeClaim => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name, namespace: "default", resourceVersion: rv, annotations },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
});
const localPv = (name: string, node: string): PersistentVolume => ({
  apiVersion: "v1",
  kind: "PersistentVolume",
  metadata: { name, resourceVersion: "5" },
  spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], csi: { driver: "skiff.dev/local", volumeHandle: `skiff-${name}` }, nodeAffinity: nodeAffinityFor(node) },
});
const summary = (changes: { action: string; object: ApiObject }[]) => changes.map((c) => `${c.action} ${c.object.kind} ${c.object.metadata.name}`);

describe("AssignmentTracker: claims and local volumes", () => {
  it("sends a claim before the pod that uses it, and again when the binder writes what to mount", () => {
    const t = new AssignmentTracker("n1");
    expect(t.missingConfigs(podWithClaim("data-db-0")).map((r) => `${r.kind} ${r.name}`)).toEqual(["PersistentVolumeClaim data-db-0"]);
    expect(summary(t.onEvent("ADDED", podWithClaim("data-db-0"), [claim("data-db-0", "2")]))).toEqual(["UPDATE PersistentVolumeClaim data-db-0", "UPDATE Pod db-0"]);
    const bound = claim("data-db-0", "3", { "skiff.dev/volume-source": '{"dockerVolume":"skiff-pvc-1"}' });
    expect(t.wants(bound)).toBe(true);
    expect(summary(t.onEvent("MODIFIED", bound))).toEqual(["UPDATE PersistentVolumeClaim data-db-0"]);
  });

  it("sends the local PVs of its own node only, and their removal", () => {
    const t = new AssignmentTracker("n1");
    expect(t.wants(localPv("pvc-2", "n2"))).toBe(false);
    expect(summary(t.complete([], [], [], [localPv("pvc-1", "n1")]))).toEqual(["UPDATE PersistentVolume pvc-1"]);
    expect(t.onEvent("MODIFIED", localPv("pvc-1", "n1"))).toEqual([]);
    expect(summary(t.onEvent("DELETED", localPv("pvc-1", "n1")))).toEqual(["REMOVE PersistentVolume pvc-1"]);
    expect(t.onEvent("DELETED", localPv("pvc-1", "n1"))).toEqual([]);
  });
});
