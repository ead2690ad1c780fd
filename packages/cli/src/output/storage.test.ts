import { describe, expect, it } from "vitest";
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from "@skiff/api";
import { tableHeaders, tableRow } from "./columns/index.js";
import { describeObject } from "./describe/index.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const created = "2024-05-01T11:00:00Z";
const pv: PersistentVolume = {
  apiVersion: "v1",
  kind: "PersistentVolume",
  metadata: { name: "mysql-pv-volume", creationTimestamp: created, labels: { type: "local" } },
  spec: { capacity: { storage: "20Gi" }, accessModes: ["ReadWriteOnce"], persistentVolumeReclaimPolicy: "Retain", storageClassName: "manual", claimRef: { namespace: "default", name: "mysql-pv-claim" }, hostPath: { path: "/mnt/data" }, volumeMode: "Filesystem" },
  status: { phase: "Bound" },
};
const claim: PersistentVolumeClaim = {
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name: "mysql-pv-claim", namespace: "default", creationTimestamp: created },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } }, storageClassName: "manual", volumeName: "mysql-pv-volume", volumeMode: "Filesystem" },
  status: { phase: "Bound", capacity: { storage: "20Gi" }, accessModes: ["ReadWriteOnce"] },
};
const sc: StorageClass = {
  apiVersion: "storage.k8s.io/v1",
  kind: "StorageClass",
  metadata: { name: "local", creationTimestamp: created, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
  provisioner: "skiff.dev/local",
  reclaimPolicy: "Delete",
  volumeBindingMode: "WaitForFirstConsumer",
};

describe("skiff get pv,pvc,sc", () => {
  it("prints kubectl's columns", () => {
    expect(tableHeaders("PersistentVolume", {})).toEqual(["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"]);
    expect(tableRow(pv, { now: NOW })).toEqual(["mysql-pv-volume", "20Gi", "RWO", "Retain", "Bound", "default/mysql-pv-claim", "manual", "<unset>", "", "60m"]);
    expect(tableHeaders("PersistentVolumeClaim", { wide: true })).toEqual(["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE", "VOLUMEMODE"]);
    expect(tableRow(claim, { now: NOW, wide: true })).toEqual(["mysql-pv-claim", "Bound", "mysql-pv-volume", "20Gi", "RWO", "manual", "<unset>", "60m", "Filesystem"]);
    expect(tableRow(sc, { now: NOW })).toEqual(["local (default)", "skiff.dev/local", "Delete", "WaitForFirstConsumer", "false", "60m"]);
  });
});

describe("skiff describe pv,pvc,sc", () => {
  it("gives a PV's claim, policy and source as kubectl does", () => {
    const text = describeObject(pv, { now: NOW });
    for (const line of [/Claim:\s+default\/mysql-pv-claim/, /Reclaim Policy:\s+Retain/, /Access Modes:\s+RWO/, /Capacity:\s+20Gi/, /Node Affinity:\s+<none>/, /Type:\s+HostPath \(bare host directory volume\)/, /Path:\s+\/mnt\/data/]) {
      expect(text).toMatch(line);
    }
    expect(text).not.toMatch(/Namespace:/);
  });

  it("gives a claim's volume and capacity, and a class's mode", () => {
    expect(describeObject(claim, { now: NOW })).toMatch(/Volume:\s+mysql-pv-volume[\s\S]*Capacity:\s+20Gi/);
    const text = describeObject(sc, { now: NOW });
    expect(text).toMatch(/IsDefaultClass:\s+Yes/);
    expect(text).toMatch(/VolumeBindingMode:\s+WaitForFirstConsumer/);
  });
});
