// Strategic merge patch: the bodies kubectl really sends, and each directive, as
// (live object, patch) -> the part of the result that should change.
import { describe, expect, it } from "vitest";
import { BadRequestError } from "../errors.js";
import type { JsonObject } from "./json.js";
import { strategicMergePatch } from "./strategic.js";
import { deepFreeze, deployment } from "./test-fixtures.js";

const web = (patch: JsonObject) => ({ spec: { template: { spec: { containers: [{ name: "web", ...patch }] } } } });
const node = (): JsonObject => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name: "n1", finalizers: ["a", "b"] },
  spec: { podCIDRs: ["10.0.0.0/24"] },
  status: { conditions: [{ type: "Ready", status: "True" }], addresses: [{ type: "InternalIP", address: "10.0.0.1" }] },
});
const service = (): JsonObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web" },
  spec: { ports: [{ name: "http", port: 80, targetPort: 80 }, { name: "https", port: 443, targetPort: 443 }] },
});

function get(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], obj);
}

const containers = "spec.template.spec.containers";
const env = [{ name: "A", value: "1" }, { name: "B", value: "2" }];

describe("strategicMergePatch", () => {
  const cases: { name: string; kind?: string; live?: JsonObject; patch: JsonObject; at: string; expected: unknown }[] = [
    {
      name: "kubectl apply, an env entry removed: $patch delete by merge key, order kept",
      patch: { spec: { template: { spec: { "$setElementOrder/containers": [{ name: "web" }], containers: [{ "$setElementOrder/env": [{ name: "A" }], env: [{ $patch: "delete", name: "B" }], name: "web" }] } } } },
      at: `${containers}`,
      expected: [{ name: "web", image: "nginx:1.25", args: ["-g", "daemon off;"], env: [{ name: "A", value: "1" }], ports: [{ containerPort: 80, protocol: "TCP" }] }],
    },
    {
      name: "kubectl apply, an image changed: the container merged on its name, other fields kept",
      patch: { spec: { template: { spec: { "$setElementOrder/containers": [{ name: "web" }], containers: [{ image: "nginx:1.26", name: "web" }] } } } },
      at: `${containers}`,
      expected: [{ name: "web", image: "nginx:1.26", args: ["-g", "daemon off;"], env, ports: [{ containerPort: 80, protocol: "TCP" }] }],
    },
    {
      name: "kubectl apply, an env entry added and the list reordered by $setElementOrder",
      patch: web({ "$setElementOrder/env": [{ name: "C" }, { name: "B" }, { name: "A" }], env: [{ name: "C", value: "3" }] }),
      at: `${containers}`,
      expected: [expect.objectContaining({ env: [{ name: "C", value: "3" }, { name: "B", value: "2" }, { name: "A", value: "1" }] })],
    },
    {
      name: "$setElementOrder: elements it does not name follow, in their relative order",
      patch: web({ "$setElementOrder/env": [{ name: "B" }] }),
      at: `${containers}`,
      expected: [expect.objectContaining({ env: [{ name: "B", value: "2" }, { name: "A", value: "1" }] })],
    },
    {
      name: "kubectl set image: only the named container changes, a second one is kept",
      live: { spec: { template: { spec: { containers: [{ name: "web", image: "a" }, { name: "log", image: "b" }] } } } },
      patch: web({ image: "c" }),
      at: containers,
      expected: [{ name: "web", image: "c" }, { name: "log", image: "b" }],
    },
    {
      name: "a container not in the live list is appended",
      patch: { spec: { template: { spec: { containers: [{ name: "sidecar", image: "envoy" }] } } } },
      at: containers,
      expected: [expect.objectContaining({ name: "web" }), { name: "sidecar", image: "envoy" }],
    },
    {
      name: "kubectl rollout restart: one annotation added to the template, the others kept",
      patch: { spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": "2025-01-01T00:00:00Z" } } } } },
      at: "spec.template.metadata.annotations",
      expected: { team: "a", "kubectl.kubernetes.io/restartedAt": "2025-01-01T00:00:00Z" },
    },
    { name: "kubectl cordon sets spec.unschedulable", kind: "Node", live: node(), patch: { spec: { unschedulable: true } }, at: "spec", expected: { podCIDRs: ["10.0.0.0/24"], unschedulable: true } },
    {
      name: "$patch: replace as a list element replaces the whole list",
      patch: { spec: { template: { spec: { containers: [{ name: "new", image: "x" }, { $patch: "replace" }] } } } },
      at: containers,
      expected: [{ name: "new", image: "x" }],
    },
    {
      name: "$patch: replace in a map replaces that map",
      patch: { spec: { selector: { $patch: "replace", matchExpressions: [] } } },
      at: "spec.selector",
      expected: { matchExpressions: [] },
    },
    {
      name: "$patch: replace in a keyed element replaces only that element",
      patch: web({ $patch: "replace", image: "x" }),
      at: containers,
      expected: [{ name: "web", image: "x" }],
    },
    { name: "$patch: delete in a map deletes it", patch: { spec: { strategy: { rollingUpdate: { $patch: "delete" } } } }, at: "spec.strategy", expected: { type: "RollingUpdate" } },
    {
      name: "$retainKeys: a Deployment switched from RollingUpdate to Recreate loses rollingUpdate (kubectl apply's patch)",
      patch: { spec: { strategy: { $retainKeys: ["type"], rollingUpdate: null, type: "Recreate" } } },
      at: "spec.strategy",
      expected: { type: "Recreate" },
    },
    { name: "null deletes a key", patch: { spec: { replicas: null } }, at: "spec.replicas", expected: undefined },
    { name: "finalizers are a set: union, original order first", kind: "Node", live: node(), patch: { metadata: { finalizers: ["b", "c"] } }, at: "metadata.finalizers", expected: ["a", "b", "c"] },
    {
      name: "$deleteFromPrimitiveList takes values out of a set",
      kind: "Node",
      live: node(),
      patch: { metadata: { "$deleteFromPrimitiveList/finalizers": ["a"] } },
      at: "metadata.finalizers",
      expected: ["b"],
    },
    { name: "$setElementOrder reorders a set", kind: "Node", live: node(), patch: { metadata: { "$setElementOrder/finalizers": ["b", "a"] } }, at: "metadata.finalizers", expected: ["b", "a"] },
    { name: "Node spec.podCIDRs is a set", kind: "Node", live: node(), patch: { spec: { podCIDRs: ["fd00::/64"] } }, at: "spec.podCIDRs", expected: ["10.0.0.0/24", "fd00::/64"] },
    {
      name: "Node status.conditions merge on type",
      kind: "Node",
      live: node(),
      patch: { status: { conditions: [{ type: "MemoryPressure", status: "False" }, { type: "Ready", status: "False" }] } },
      at: "status.conditions",
      expected: [{ type: "Ready", status: "False" }, { type: "MemoryPressure", status: "False" }],
    },
    {
      name: "Service ports merge on port",
      kind: "Service",
      live: service(),
      patch: { spec: { ports: [{ port: 80, targetPort: 8080 }] } },
      at: "spec.ports",
      expected: [{ name: "http", port: 80, targetPort: 8080 }, { name: "https", port: 443, targetPort: 443 }],
    },
    { name: "a list without a strategy (args) is replaced", patch: web({ args: ["--quiet"] }), at: `${containers}`, expected: [expect.objectContaining({ args: ["--quiet"], env })] },
    { name: "container ports merge on containerPort", patch: web({ ports: [{ containerPort: 443 }] }), at: containers, expected: [expect.objectContaining({ ports: [{ containerPort: 80, protocol: "TCP" }, { containerPort: 443 }] })] },
    {
      name: "ownerReferences merge on uid, for any kind",
      kind: "ConfigMap",
      live: { metadata: { name: "c", ownerReferences: [{ uid: "1", name: "a" }] }, data: { k: "v" } },
      patch: { metadata: { ownerReferences: [{ uid: "2", name: "b" }] } },
      at: "metadata.ownerReferences",
      expected: [{ uid: "1", name: "a" }, { uid: "2", name: "b" }],
    },
    { name: "status.conditions of a Deployment merge on type", patch: { status: { conditions: [{ type: "Progressing", status: "True" }] } }, at: "status.conditions", expected: [{ type: "Available", status: "True" }, { type: "Progressing", status: "True" }] },
  ];

  it.each(cases)("$name", ({ kind, live, patch, at, expected }) => {
    const before = deepFreeze(live ?? deployment());
    const result = strategicMergePatch(kind ?? "Deployment", before, deepFreeze(patch));
    expect(get(result, at)).toEqual(expected);
  });

  it("leaves no directive in the result, not even inside an atomic list", () => {
    const patch = {
      spec: {
        $patch: "merge",
        strategy: { $retainKeys: ["type"], type: "Recreate" },
        template: { spec: { "$setElementOrder/containers": [{ name: "web" }], containers: [{ name: "web", $patch: "merge", "$setElementOrder/env": [{ name: "A" }, { name: "B" }] }], tolerations: [{ key: "k", $patch: "merge" }] } },
      },
    };
    expect(JSON.stringify(strategicMergePatch("Deployment", deployment(), patch))).not.toContain("$");
  });

  it("changes nothing else in the object", () => {
    const result = strategicMergePatch("Deployment", deployment(), { spec: { replicas: 5 } });
    expect(result).toEqual({ ...deployment(), spec: { ...(deployment().spec as JsonObject), replicas: 5 } });
  });

  const errors: { name: string; patch: JsonObject; message: RegExp }[] = [
    { name: "an element of a keyed list without its merge key", patch: { spec: { template: { spec: { containers: [{ image: "x" }] } } } }, message: /spec\.template\.spec\.containers: every element must be an object with the merge key "name"/ },
    { name: "an unknown $patch directive", patch: { spec: { $patch: "frobnicate" } }, message: /spec: unknown \$patch directive "frobnicate"/ },
    { name: "$retainKeys that is not a list of names", patch: { spec: { strategy: { $retainKeys: "type" } } }, message: /spec\.strategy: \$retainKeys must be a list/ },
    { name: "$retainKeys that leaves out a field the patch sets", patch: { spec: { strategy: { $retainKeys: ["type"], type: "Recreate", rollingUpdate: {} } } }, message: /spec\.strategy: the patch sets "rollingUpdate", which \$retainKeys does not name/ },
    { name: "$setElementOrder that is not a list", patch: { spec: { "$setElementOrder/x": 1 } }, message: /spec\.x: \$setElementOrder\/x must be a list/ },
  ];
  it.each(errors)("400 for $name", ({ patch, message }) => {
    const run = () => strategicMergePatch("Deployment", deployment(), patch);
    expect(run).toThrow(BadRequestError);
    expect(run).toThrow(message);
  });
});
