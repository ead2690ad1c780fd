import { describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { planDrain } from "./drain.js";

function pod(name: string, nodeName: string | undefined, extra: { owned?: boolean; phase?: "Running" | "Succeeded" | "Failed"; namespace?: string } = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: extra.namespace ?? "default",
      ...(extra.owned ? { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "u", controller: true }] } : {}),
    },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: "c", image: "x" }] },
    status: { phase: extra.phase ?? "Running" },
  };
}

describe("planDrain", () => {
  it("takes every pod bound to the node, in every namespace, in namespace/name order", () => {
    const plan = planDrain([pod("b", "n1", { owned: true }), pod("a", "n1", { owned: true, namespace: "z" }), pod("c", "n2"), pod("d", undefined)], "n1");
    expect(plan.pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(["default/b", "z/a"]);
    expect(plan.unmanaged).toEqual([]);
  });

  it("refuses running pods that no controller would recreate, but not finished ones", () => {
    const plan = planDrain([pod("web", "n1"), pod("job", "n1", { phase: "Succeeded" }), pod("rs-1", "n1", { owned: true })], "n1");
    expect(plan.pods).toHaveLength(3);
    expect(plan.unmanaged.map((p) => p.metadata.name)).toEqual(["web"]);
  });

  it("does not count an owner that is not a controller", () => {
    const p = pod("x", "n1");
    p.metadata.ownerReferences = [{ apiVersion: "v1", kind: "ConfigMap", name: "c", uid: "u" }];
    expect(planDrain([p], "n1").unmanaged).toHaveLength(1);
  });
});
