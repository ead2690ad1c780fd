import { describe, expect, it } from "vitest";
import type { PersistentVolume, PersistentVolumeClaim } from "@skiff/api";
import { planVolume } from "./reclaim-plan.js";

const now = new Date("2026-12-06T22:00:00Z");
const claim: PersistentVolumeClaim = {
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name: "data", namespace: "default", uid: "c1" },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, volumeName: "pv1" },
};
function pv(policy: "Retain" | "Delete", over: Partial<PersistentVolume["spec"]> = {}, phase: "Available" | "Bound" | "Released" | "Pending" = "Bound"): PersistentVolume {
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: "pv1" },
    spec: { persistentVolumeReclaimPolicy: policy, capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], claimRef: { namespace: "default", name: "data", uid: "c1" }, ...over },
    status: { phase },
  };
}
const local = { csi: { driver: "skiff.dev/local", volumeHandle: "skiff-pvc-c1" } };
const phaseOf = (a: ReturnType<typeof planVolume>) => (a.type === "updateVolume" ? a.volume.status?.phase : a.type);

describe("planVolume", () => {
  it.each([
    { name: "a new PV without a claim becomes Available", volume: pv("Retain", { claimRef: undefined }, "Pending"), claim: undefined, want: "Available" },
    { name: "a PV reserved for a claim to come (claimRef without uid) is Available", volume: pv("Retain", { claimRef: { namespace: "default", name: "data" } }, "Pending"), claim: undefined, want: "Available" },
    { name: "a bound PV stays as it is", volume: pv("Retain"), claim, want: "none" },
    { name: "Retain: released when the claim goes, data kept", volume: pv("Retain", local), claim: undefined, want: "Released" },
    { name: "Retain: a claim of the same name but another uid does not take it back", volume: pv("Retain"), claim: { ...claim, metadata: { ...claim.metadata, uid: "c2" } }, want: "Released" },
    { name: "Delete: a local PV is deleted when its claim goes", volume: pv("Delete", local), claim: undefined, want: "deleteVolume" },
    { name: "Delete: a hostPath PV fails (skiff deletes no host directory)", volume: pv("Delete", { hostPath: { path: "/mnt/data" } }), claim: undefined, want: "Failed" },
    { name: "a released PV stays Released", volume: pv("Retain", {}, "Released"), claim: undefined, want: "none" },
  ])("$name", ({ volume, claim: c, want }) => {
    expect(phaseOf(planVolume(volume, c, now))).toBe(want);
  });
});
