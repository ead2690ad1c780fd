// `auth can-i --list` prints what kubectl prints for the same SelfSubjectRulesReview.
import { describe, expect, it } from "vitest";
import { breakdown, compact, rulesTable } from "./rules-table.js";

describe("the rules table", () => {
  it("breaks rules down, merges one resource's verbs, sorts as kubectl and aligns as its tabwriter", () => {
    const table = rulesTable({
      resourceRules: [
        { verbs: ["*"], apiGroups: ["*"], resources: ["*"] },
        { verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"] },
        { verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["pods", "pods/log"] },
        { verbs: ["get"], apiGroups: [""], resources: ["pods"] },
        { verbs: ["get", "patch"], apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["web"] },
        { verbs: ["update"], apiGroups: ["apps"], resources: ["deployments/scale"] },
      ],
      nonResourceRules: [
        { verbs: ["*"], nonResourceURLs: ["*"] },
        { verbs: ["get"], nonResourceURLs: ["/api", "/api/*"] },
      ],
    });
    expect(table).toBe(
      [
        "Resources                                       Non-Resource URLs   Resource Names   Verbs",
        "*.*                                             []                  []               [*]",
        "                                                [*]                 []               [*]",
        "selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]",
        "selfsubjectrulesreviews.authorization.k8s.io    []                  []               [create]",
        "pods                                            []                  []               [get list watch get]",
        "pods/log                                        []                  []               [get list watch]",
        "deployments.apps                                []                  [web]            [get patch]",
        "                                                [/api/*]            []               [get]",
        "                                                [/api]              []               [get]",
        "deployments.apps/scale                          []                  []               [update]",
        "",
      ].join("\n"),
    );
  });

  it("an empty review prints the header only, columns at least 10 wide", () => {
    expect(rulesTable({})).toBe("Resources   Non-Resource URLs   Resource Names   Verbs\n");
  });

  it("breakdown splits groups x resources x names, and URLs", () => {
    expect(breakdown({ verbs: ["get"], apiGroups: ["", "apps"], resources: ["a"], resourceNames: ["x", "y"] })).toHaveLength(4);
    expect(breakdown({ verbs: ["get"], nonResourceURLs: ["/a", "/b"] })).toEqual([
      { nonResourceURLs: ["/a"], verbs: ["get"] },
      { nonResourceURLs: ["/b"], verbs: ["get"] },
    ]);
  });

  it("compact keeps rules of different names apart", () => {
    const rules = compact([
      { verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["a"] },
      { verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["b"] },
      { verbs: ["list"], apiGroups: [""], resources: ["secrets"], resourceNames: ["a"] },
    ]);
    expect(rules).toEqual([
      { verbs: ["get", "list"], apiGroups: [""], resources: ["secrets"], resourceNames: ["a"] },
      { verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["b"] },
    ]);
  });
});
