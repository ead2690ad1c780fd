// VolumeBinding as a table: (pod's claims, their PVs and classes, node) -> fits, or why not.
import { describe, expect, it } from "vitest";
import { nodeAffinityFor, type PersistentVolume, type PersistentVolumeClaim, type Pod, type StorageClass } from "@skiff/api";
import { info, makeNode, makePod } from "../test-fixtures.js";
import { schedule } from "../schedule.js";
import { defaultPlugins } from "./index.js";
import { volumeBinding, type VolumeLookup } from "./volume-binding.js";

const withClaim = (claimName: string): Pod => {
  const pod = makePod("db-0");
  pod.spec.volumes = [{ name: "data", persistentVolumeClaim: { claimName } }];
  return pod;
};
const claim = (name: string, o: { volumeName?: string; className?: string; selectedNode?: string; deleting?: boolean } = {}): PersistentVolumeClaim => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: {
    name,
    namespace: "default",
    ...(o.selectedNode ? { annotations: { "volume.kubernetes.io/selected-node": o.selectedNode } } : {}),
    ...(o.deleting ? { deletionTimestamp: "2026-12-06T22:00:00Z" } : {}),
  },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...(o.volumeName ? { volumeName: o.volumeName } : {}), ...(o.className !== undefined ? { storageClassName: o.className } : {}) },
});
const pv = (name: string, node?: string): PersistentVolume => ({
  apiVersion: "v1",
  kind: "PersistentVolume",
  metadata: { name },
  spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: "/mnt/data" }, ...(node ? { nodeAffinity: nodeAffinityFor(node) } : {}) },
});
const local: StorageClass = { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "local" }, provisioner: "skiff.dev/local", volumeBindingMode: "WaitForFirstConsumer" };

function lookup(claims: PersistentVolumeClaim[], volumes: PersistentVolume[] = []): VolumeLookup {
  return {
    claim: (ns, name) => claims.find((c) => c.metadata.namespace === ns && c.metadata.name === name),
    volume: (name) => volumes.find((v) => v.metadata.name === name),
    storageClass: (name) => (name === "local" ? local : undefined),
  };
}

describe("VolumeBinding", () => {
  it.each([
    { name: "a pod without claims fits anywhere", pod: makePod("web"), l: lookup([]), node: "n1", reasons: undefined },
    { name: "a missing claim holds the pod", pod: withClaim("data"), l: lookup([]), node: "n1", reasons: ['persistentvolumeclaim "data" not found'] },
    { name: "a claim being deleted holds the pod", pod: withClaim("data"), l: lookup([claim("data", { deleting: true })]), node: "n1", reasons: ['persistentvolumeclaim "data" is being deleted'] },
    { name: "an unbound claim of an Immediate class holds the pod", pod: withClaim("data"), l: lookup([claim("data", { className: "manual" })]), node: "n1", reasons: ['pod has unbound immediate PersistentVolumeClaims ("data")'] },
    { name: "an unbound claim of a WaitForFirstConsumer class lets the pod choose", pod: withClaim("data"), l: lookup([claim("data", { className: "local" })]), node: "n1", reasons: undefined },
    { name: "a bound claim whose PV is on n2 fits n2", pod: withClaim("data"), l: lookup([claim("data", { volumeName: "pv1" })], [pv("pv1", "n2")]), node: "n2", reasons: undefined },
    {
      name: "a bound claim whose PV is on n2 does not fit n1",
      pod: withClaim("data"),
      l: lookup([claim("data", { volumeName: "pv1" })], [pv("pv1", "n2")]),
      node: "n1",
      reasons: ['node(s) didn\'t match the node of PersistentVolumeClaim "data" (n2)'],
    },
    {
      name: "a hostPath claim goes back to the node of its first pod",
      pod: withClaim("data"),
      l: lookup([claim("data", { volumeName: "pv1", selectedNode: "n3" })], [pv("pv1")]),
      node: "n1",
      reasons: ['node(s) didn\'t match the node of PersistentVolumeClaim "data" (n3)'],
    },
    { name: "a claim bound to a PV that is gone holds the pod", pod: withClaim("data"), l: lookup([claim("data", { volumeName: "pv1" })]), node: "n1", reasons: ['persistentvolume "pv1" of claim "data" not found'] },
  ])("$name", ({ pod, l, node, reasons }) => {
    const result = volumeBinding(l).filter(pod, info(makeNode(node)));
    expect(result.fit ? undefined : result.reasons).toEqual(reasons);
  });

  it("is among the default filters when the scheduler gives it its caches, and says why nowhere fits", () => {
    const l = lookup([claim("data", { volumeName: "pv1" })], [pv("pv1", "n2")]);
    const decision = schedule(withClaim("data"), [info(makeNode("n1")), info(makeNode("n2")), info(makeNode("n3"))], defaultPlugins(l));
    expect("nodeName" in decision && decision.nodeName).toBe("n2");
    const nowhere = schedule(withClaim("data"), [info(makeNode("n1")), info(makeNode("n3"))], defaultPlugins(l));
    expect("unschedulable" in nowhere && nowhere.unschedulable).toBe('0/2 nodes are available: 2 node(s) didn\'t match the node of PersistentVolumeClaim "data" (n2).');
  });
});
