import { describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { planDrain } from "./drain.js";

function pod(name: string, nodeName: string | undefined, extra: { owned?: boolean | "DaemonSet"; phase?: "Running" | "Succeeded" | "Failed"; namespace?: string } = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: extra.namespace ?? "default",
      ...(extra.owned ? { ownerReferences: [{ apiVersion: "apps/v1", kind: extra.owned === true ? "ReplicaSet" : extra.owned, name: "rs", uid: "u", controller: true }] } : {}),
    },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: "c", image: "x" }] },
    status: { phase: extra.phase ?? "Running" },
  };
}

describe("planDrain", () => {
  it("sets aside the running pods of DaemonSets, as kubectl does (their DaemonSet would make them again there)", () => {
    const plan = planDrain([pod("logs-x", "n1", { owned: "DaemonSet" }), pod("logs-old", "n1", { owned: "DaemonSet", phase: "Failed" }), pod("rs-1", "n1", { owned: true })], "n1");
    expect(plan.daemonSetPods.map((p) => p.metadata.name)).toEqual(["logs-x"]);
    expect(plan.pods.map((p) => p.metadata.name)).toEqual(["logs-old", "rs-1"]);
  });

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
