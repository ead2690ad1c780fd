import { describe, expect, it } from "vitest";
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from "../types.js";
import { accessModesString, claimAccessModes, claimCapacity, storageClassName, storagePhase, volumeClaim } from "./storage.js";

const pv = (spec: PersistentVolume["spec"], extra: Partial<PersistentVolume> = {}): PersistentVolume => ({
  apiVersion: "v1",
  kind: "PersistentVolume",
  metadata: { name: "pv1" },
  spec,
  ...extra,
});

describe("storage cells", () => {
  it("prints access modes short, in kubectl's order", () => {
    expect(accessModesString(["ReadWriteMany", "ReadWriteOnce"])).toBe("RWO,RWX");
    expect(accessModesString(["ReadWriteOncePod"])).toBe("RWOP");
    expect(accessModesString(undefined)).toBe("");
  });

  it("prints a PV's claim as namespace/name, and Terminating once deleted", () => {
    expect(volumeClaim(pv({ claimRef: { namespace: "default", name: "mysql-pv-claim" } }))).toBe("default/mysql-pv-claim");
    expect(volumeClaim(pv({}))).toBe("");
    expect(storagePhase(pv({}, { status: { phase: "Bound" } }))).toBe("Bound");
    expect(storagePhase(pv({}, { metadata: { name: "pv1", deletionTimestamp: "2026-01-01T00:00:00Z" }, status: { phase: "Bound" } }))).toBe("Terminating");
  });

  it("prints a claim's capacity and modes only once it is bound", () => {
    const claim: PersistentVolumeClaim = {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "c" },
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
      status: { phase: "Pending" },
    };
    expect(claimCapacity(claim)).toBe("");
    const bound = { ...claim, spec: { ...claim.spec, volumeName: "pv1" }, status: { phase: "Bound" as const, capacity: { storage: "20Gi" }, accessModes: ["ReadWriteOnce" as const] } };
    expect(claimCapacity(bound)).toBe("20Gi");
    expect(claimAccessModes(bound)).toBe("RWO");
  });

  it("marks the default StorageClass", () => {
    const sc: StorageClass = { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "local", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } }, provisioner: "skiff.dev/local" };
    expect(storageClassName(sc)).toBe("local (default)");
    expect(storageClassName({ ...sc, metadata: { name: "fast" } })).toBe("fast");
  });
});
