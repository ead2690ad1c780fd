// kubectl's `get pv,pvc,sc` columns, as the REST edge prints them, and their discovery.
import { describe, expect, it } from "vitest";
import type { ApiObject, PersistentVolume, PersistentVolumeClaim, StorageClass } from "@skiff/api";
import { apiResourceList, apiGroupList } from "./discovery.js";
import { toTable, type Table } from "./table.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const created = "2024-05-01T11:00:00Z";
const header = (t: Table, wide = false) => t.columnDefinitions.filter((c) => wide || c.priority === 0).map((c) => c.name.toUpperCase());
const narrow = (t: Table, i = 0) => t.rows[i]!.cells.filter((_, j) => t.columnDefinitions[j]!.priority === 0);
const table = (kind: string, objs: ApiObject[]) => toTable(kind, objs, { now: NOW });

describe("storage tables", () => {
  it("prints a bound PV as kubectl 1.32 does", () => {
    const pv: PersistentVolume = {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: "mysql-pv-volume", creationTimestamp: created },
      spec: { capacity: { storage: "20Gi" }, accessModes: ["ReadWriteOnce"], persistentVolumeReclaimPolicy: "Retain", storageClassName: "manual", claimRef: { namespace: "default", name: "mysql-pv-claim" }, hostPath: { path: "/mnt/data" }, volumeMode: "Filesystem" },
      status: { phase: "Bound" },
    };
    const t = table("PersistentVolume", [pv]);
    expect(header(t)).toEqual(["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"]);
    expect(header(t, true).at(-1)).toBe("VOLUMEMODE");
    expect(narrow(t)).toEqual(["mysql-pv-volume", "20Gi", "RWO", "Retain", "Bound", "default/mysql-pv-claim", "manual", "<unset>", "", "60m"]);
  });

  it("prints claims, pending and bound", () => {
    const pending: PersistentVolumeClaim = {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "big", namespace: "default", creationTimestamp: created },
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "100Ti" } }, storageClassName: "manual" },
      status: { phase: "Pending" },
    };
    const bound: PersistentVolumeClaim = { ...pending, metadata: { ...pending.metadata, name: "data-db-0" }, spec: { ...pending.spec, volumeName: "pvc-1", storageClassName: "local" }, status: { phase: "Bound", capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"] } };
    const t = table("PersistentVolumeClaim", [pending, bound]);
    expect(header(t)).toEqual(["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"]);
    expect(narrow(t, 0)).toEqual(["big", "Pending", "", "", "", "manual", "<unset>", "60m"]);
    expect(narrow(t, 1)).toEqual(["data-db-0", "Bound", "pvc-1", "1Gi", "RWO", "local", "<unset>", "60m"]);
  });

  it("prints the default StorageClass", () => {
    const sc: StorageClass = {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "local", creationTimestamp: created, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      provisioner: "skiff.dev/local",
      reclaimPolicy: "Delete",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: false,
    };
    const t = table("StorageClass", [sc]);
    expect(header(t)).toEqual(["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"]);
    expect(narrow(t)).toEqual(["local (default)", "skiff.dev/local", "Delete", "WaitForFirstConsumer", "false", "60m"]);
  });
});

describe("storage discovery", () => {
  it("serves pv and pvc in v1 (pv cluster-scoped) and sc in storage.k8s.io/v1", () => {
    const core = apiResourceList("", "v1")?.resources ?? [];
    expect(core.find((r) => r.name === "persistentvolumes")).toMatchObject({ kind: "PersistentVolume", shortNames: ["pv"], namespaced: false });
    expect(core.find((r) => r.name === "persistentvolumeclaims")).toMatchObject({ kind: "PersistentVolumeClaim", shortNames: ["pvc"], namespaced: true });
    expect(core.map((r) => r.name)).toEqual(expect.arrayContaining(["persistentvolumes/status", "persistentvolumeclaims/status"]));
    expect(apiGroupList().groups.map((g) => g.name)).toContain("storage.k8s.io");
    expect((apiResourceList("storage.k8s.io", "v1")?.resources ?? []).find((r) => r.name === "storageclasses")).toMatchObject({ kind: "StorageClass", shortNames: ["sc"], namespaced: false });
  });
});
