// The merge-key table: a sample of Kubernetes' patchStrategy tags, per kind and path.
import { describe, expect, it } from "vitest";
import { listStrategy } from "./merge-keys.js";

describe("listStrategy", () => {
  const cases: { kind: string; path: string; expected: ReturnType<typeof listStrategy> }[] = [
    { kind: "Pod", path: "spec.containers", expected: { mergeKey: "name" } },
    { kind: "Pod", path: "spec.containers.env", expected: { mergeKey: "name" } },
    { kind: "Pod", path: "spec.containers.ports", expected: { mergeKey: "containerPort" } },
    { kind: "Pod", path: "spec.initContainers.volumeMounts", expected: { mergeKey: "mountPath" } },
    { kind: "Pod", path: "spec.volumes", expected: { mergeKey: "name", retainKeys: true } },
    { kind: "Pod", path: "metadata.ownerReferences", expected: { mergeKey: "uid" } },
    { kind: "Pod", path: "metadata.finalizers", expected: { primitiveMerge: true } },
    { kind: "Pod", path: "status.conditions", expected: { mergeKey: "type" } },
    { kind: "Pod", path: "spec.containers.args", expected: undefined },
    { kind: "Pod", path: "spec.tolerations", expected: undefined },
    { kind: "Service", path: "spec.ports", expected: { mergeKey: "port" } },
    { kind: "Node", path: "status.addresses", expected: { mergeKey: "type" } },
    { kind: "Node", path: "spec.podCIDRs", expected: { primitiveMerge: true } },
    { kind: "Node", path: "spec.taints", expected: undefined },
    { kind: "Deployment", path: "spec.strategy", expected: { retainKeys: true } },
    { kind: "Deployment", path: "spec.template.spec.containers.env", expected: { mergeKey: "name" } },
    { kind: "Deployment", path: "spec.template.metadata.finalizers", expected: { primitiveMerge: true } },
    { kind: "Deployment", path: "spec.containers", expected: undefined },
    { kind: "ReplicaSet", path: "spec.template.spec.volumes", expected: { mergeKey: "name", retainKeys: true } },
    { kind: "StatefulSet", path: "spec.template.spec.containers", expected: { mergeKey: "name" } },
    { kind: "StatefulSet", path: "spec.volumeClaimTemplates", expected: undefined },
    { kind: "CronJob", path: "spec.jobTemplate.spec.template.spec.containers", expected: { mergeKey: "name" } },
    { kind: "ConfigMap", path: "metadata.finalizers", expected: { primitiveMerge: true } },
    { kind: "SomethingNew", path: "metadata.ownerReferences", expected: { mergeKey: "uid" } },
    { kind: "Pod", path: "spec.containers.ports.containerPort", expected: undefined },
  ];
  it.each(cases)("$kind $path", ({ kind, path, expected }) => {
    expect(listStrategy(kind, path.split("."))).toEqual(expected);
  });

  it("never takes a key holding dots for a dotted path", () => {
    expect(listStrategy("Pod", ["spec.containers"])).toBeUndefined();
  });
});
