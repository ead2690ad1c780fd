// The storage kinds as client-go sends them in protobuf: a PV (its source embedded in the spec,
// as Kubernetes' PersistentVolumeSource is), a claim, a StorageClass.
import { describe, expect, it } from "vitest";
import { KUBE_PROTOBUF_MAGIC, decodeKubeProtobuf } from "./index.js";

type Value = string | number | boolean | Buffer | Field[];
type Field = [number, Value];
function varint(v: number): Buffer {
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}
function msg(...fields: Field[]): Buffer {
  return Buffer.concat(
    fields.map(([num, v]) => {
      if (typeof v === "number" || typeof v === "boolean") return Buffer.concat([varint(num << 3), varint(Number(v))]);
      const bytes = typeof v === "string" ? Buffer.from(v, "utf8") : Buffer.isBuffer(v) ? v : msg(...v);
      return Buffer.concat([varint((num << 3) | 2), varint(bytes.length), bytes]);
    }),
  );
}
const envelope = (apiVersion: string, kind: string, raw: Buffer) => Buffer.concat([KUBE_PROTOBUF_MAGIC, msg([1, [[1, apiVersion], [2, kind]]], [2, raw])]);
const quantity = (q: string): Field[] => [[1, q]];

describe("storage kinds in protobuf", () => {
  it("reads mysql-pv-volume: capacity, hostPath (embedded source), access modes, class", () => {
    const spec: Field[] = [
      [1, [[1, "storage"], [2, quantity("20Gi")]]],
      [2, [[3, [[1, "/mnt/data"]]]]],
      [3, "ReadWriteOnce"],
      [6, "manual"],
    ];
    const body = envelope("v1", "PersistentVolume", msg([1, [[1, "mysql-pv-volume"]]], [2, spec]));
    expect(decodeKubeProtobuf(body).object).toEqual({
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: "mysql-pv-volume" },
      spec: { capacity: { storage: "20Gi" }, hostPath: { path: "/mnt/data" }, accessModes: ["ReadWriteOnce"], storageClassName: "manual" },
    });
  });

  it("reads a PV's node affinity and a local-driver CSI source", () => {
    const affinity: Field[] = [[1, [[1, [[1, [[1, "kubernetes.io/hostname"], [2, "In"], [3, "node-1"]]]]]]]];
    const spec: Field[] = [[2, [[22, [[1, "skiff.dev/local"], [2, "skiff-pvc-1"]]]]], [9, affinity]];
    const pv = decodeKubeProtobuf(envelope("v1", "PersistentVolume", msg([1, [[1, "pvc-1"]]], [2, spec]))).object as { spec: unknown };
    expect(pv.spec).toEqual({
      csi: { driver: "skiff.dev/local", volumeHandle: "skiff-pvc-1" },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["node-1"] }] }] } },
    });
  });

  it("reads a claim and a StorageClass (storage.k8s.io/v1)", () => {
    const claimSpec: Field[] = [[1, "ReadWriteOnce"], [2, [[2, [[1, "storage"], [2, quantity("1Gi")]]]]], [5, "local"]];
    expect(decodeKubeProtobuf(envelope("v1", "PersistentVolumeClaim", msg([1, [[1, "data"], [3, "default"]]], [2, claimSpec]))).object).toEqual({
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "data", namespace: "default" },
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, storageClassName: "local" },
    });
    const sc = msg([1, [[1, "fast"]]], [2, "skiff.dev/local"], [4, "Retain"], [7, "WaitForFirstConsumer"]);
    expect(decodeKubeProtobuf(envelope("storage.k8s.io/v1", "StorageClass", sc)).object).toEqual({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "fast" },
      provisioner: "skiff.dev/local",
      reclaimPolicy: "Retain",
      volumeBindingMode: "WaitForFirstConsumer",
    });
  });
});
