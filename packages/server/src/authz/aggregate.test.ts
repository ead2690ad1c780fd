import { describe, expect, it } from "vitest";
import type { ClusterRole } from "@skiff/api";
import { aggregatedRules } from "./aggregate.js";
import { DEFAULT_CLUSTER_ROLES } from "./default-roles.js";

const role = (name: string, labels: Record<string, string>, verbs: string[], aggregateFrom?: string): ClusterRole => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRole",
  metadata: { name, labels },
  rules: [{ verbs, apiGroups: [""], resources: [name] }],
  ...(aggregateFrom ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [aggregateFrom]: "true" } }] } } : {}),
});

describe("aggregated ClusterRoles", () => {
  it("a role labelled aggregate-to-view extends view, edit and admin at once", () => {
    const crd = role("widgets", { "rbac.authorization.k8s.io/aggregate-to-view": "true" }, ["get"]);
    const all = [...DEFAULT_CLUSTER_ROLES, crd];
    for (const name of ["view", "edit", "admin"]) {
      expect(aggregatedRules(all.find((r) => r.metadata.name === name)!, all)).toContainEqual(crd.rules![0]);
    }
    expect(aggregatedRules(all.find((r) => r.metadata.name === "view")!, all).some((r) => r.resources?.includes("rolebindings"))).toBe(false);
  });

  it("a cycle of aggregates ends", () => {
    const a = role("a", { x: "true" }, ["get"], "y");
    const b = role("b", { y: "true" }, ["list"], "x");
    expect(aggregatedRules(a, [a, b]).map((r) => r.verbs[0])).toEqual(["get", "list"]);
  });
});
