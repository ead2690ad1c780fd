import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.js";
import type { PersistentVolume, PersistentVolumeClaim, StatefulSet, StorageClass } from "./types.js";
import { validateObject } from "./validate.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

/** mysql-pv.yaml of the Kubernetes docs (tasks/run-application/run-single-instance-stateful-application). */
const mysqlPv = (): Obj => ({
  apiVersion: "v1",
  kind: "PersistentVolume",
  metadata: { name: "mysql-pv-volume", labels: { type: "local" } },
  spec: { storageClassName: "manual", capacity: { storage: "20Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: "/mnt/data" } },
});

const mysqlClaim = (): Obj => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name: "mysql-pv-claim" },
  spec: { storageClassName: "manual", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } } },
});

function problems(raw: unknown): string[] {
  try {
    validateObject(raw);
    return [];
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

function edit(base: () => Obj, change: (o: Obj) => void): Obj {
  const o = base();
  change(o);
  return o;
}

describe("PersistentVolume and PersistentVolumeClaim", () => {
  it("accepts the Kubernetes docs' MySQL PV and claim, with Kubernetes' defaults", () => {
    const pv = validateObject(mysqlPv()).object as PersistentVolume;
    expect(pv.spec.persistentVolumeReclaimPolicy).toBe("Retain");
    expect(pv.metadata.namespace).toBeUndefined();
    expect(pv.status?.phase).toBe("Pending");
    const claim = validateObject(mysqlClaim()).object as PersistentVolumeClaim;
    expect(claim.metadata.namespace).toBe("default");
    expect(claim.spec.volumeMode).toBe("Filesystem");
    expect(claim.status?.phase).toBe("Pending");
  });

  it("refuses a claim without access modes or size, or with a bad size, naming the field", () => {
    expect(problems(edit(mysqlClaim, (c) => delete c.spec.accessModes))).toEqual(["spec.accessModes: at least 1 access mode is required"]);
    expect(problems(edit(mysqlClaim, (c) => delete c.spec.resources))).toEqual(["spec.resources.requests.storage: required"]);
    expect(problems(edit(mysqlClaim, (c) => (c.spec.resources.requests.storage = "0")))).toEqual(["spec.resources.requests.storage: must be greater than zero"]);
    expect(problems(edit(mysqlClaim, (c) => (c.spec.resources.requests.storage = "lots")))[0]).toMatch(/^spec\.resources\.requests\.storage: /);
    expect(problems(edit(mysqlClaim, (c) => (c.spec.accessModes = ["ReadWriteSometimes"])))[0]).toMatch(/^spec\.accessModes\[0\]: /);
    expect(problems(edit(mysqlClaim, (c) => (c.spec.accessModes = ["ReadWriteOncePod", "ReadOnlyMany"])))).toEqual([
      "spec.accessModes: may not use ReadWriteOncePod with other access modes",
    ]);
  });

  it("accepts a claim larger than any PV (it waits, Pending, as in Kubernetes)", () => {
    expect(problems(edit(mysqlClaim, (c) => (c.spec.resources.requests.storage = "100Ti")))).toEqual([]);
  });

  it("refuses a PV without a source, with two, or with a driver skiff does not know", () => {
    expect(problems(edit(mysqlPv, (v) => delete v.spec.hostPath))).toEqual(["spec: must specify a volume type (hostPath, local, csi)"]);
    expect(problems(edit(mysqlPv, (v) => (v.spec.csi = { driver: "skiff.dev/local", volumeHandle: "x" })))).toEqual([
      "spec.csi: may not specify more than 1 volume type (hostPath, csi)",
    ]);
    expect(problems(edit(mysqlPv, (v) => (delete v.spec.hostPath, (v.spec.csi = { driver: "ebs.csi.aws.com", volumeHandle: "vol-1" }))))).toEqual([
      'spec.csi.driver: skiff knows only the "skiff.dev/local" driver, got "ebs.csi.aws.com"',
    ]);
    expect(problems(edit(mysqlPv, (v) => (v.spec.hostPath.path = "mnt/data")))).toEqual(["spec.hostPath.path: must be an absolute path"]);
    expect(problems(edit(mysqlPv, (v) => delete v.spec.capacity))).toEqual(["spec.capacity.storage: required"]);
    expect(problems(edit(mysqlPv, (v) => (v.spec.persistentVolumeReclaimPolicy = "Recycle")))[0]).toMatch(/^spec\.persistentVolumeReclaimPolicy: /);
    expect(problems(edit(mysqlPv, (v) => (v.metadata.namespace = "default")))).toEqual(["metadata.namespace: must not be set: PersistentVolume is not namespaced"]);
  });

  it("wants node affinity for a local PV", () => {
    const local = edit(mysqlPv, (v) => (delete v.spec.hostPath, (v.spec.local = { path: "/srv/disk1" })));
    expect(problems(local)).toEqual(["spec.nodeAffinity: Local volumes require node affinity"]);
    local.spec.nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["node-1"] }] }] } };
    expect(problems(local)).toEqual([]);
  });
});

describe("StorageClass", () => {
  it("defaults reclaimPolicy Delete and volumeBindingMode Immediate, and wants a provisioner", () => {
    const sc = validateObject({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "fast" }, provisioner: "skiff.dev/local" }).object as StorageClass;
    expect(sc.reclaimPolicy).toBe("Delete");
    expect(sc.volumeBindingMode).toBe("Immediate");
    expect(problems({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "x" } })).toEqual(["provisioner: required"]);
    expect(problems({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "x" }, provisioner: "p", volumeBindingMode: "Later" })[0]).toMatch(/^volumeBindingMode: /);
  });
});

describe("StatefulSet volumeClaimTemplates", () => {
  const sts = (claim: Obj): Obj => ({
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "db" },
    spec: {
      selector: { matchLabels: { app: "db" } },
      template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "db", image: "db:1", volumeMounts: [{ name: "data", mountPath: "/data" }] }] } },
      volumeClaimTemplates: [claim],
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete" },
    },
  });

  it("checks a template as a claim, and defaults the retention policy", () => {
    const ok = validateObject(sts({ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } })).object as StatefulSet;
    expect(ok.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: "Delete", whenScaled: "Retain" });
    expect(problems(sts({ metadata: { name: "data" }, spec: { resources: { requests: { storage: "1Gi" } } } }))).toEqual([
      "spec.volumeClaimTemplates[0].spec.accessModes: at least 1 access mode is required",
    ]);
  });
});

describe("Kubernetes storage fields skiff does not implement", () => {
  it("drops them with a warning, as for other kinds", () => {
    const sc = validateObject({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "zonal" }, provisioner: "skiff.dev/local", allowedTopologies: [{}] });
    expect(sc.warnings.join("\n")).toContain("allowedTopologies");
    const pv = validateObject({ ...mysqlPv(), spec: { ...mysqlPv().spec, nfs: { server: "nas", path: "/x" }, hostPath: { path: "/mnt/data" } } });
    expect(pv.warnings.join("\n")).toContain("nfs");
  });
});
