import { describe, expect, it } from "vitest";
import { budget, counted, pod, T0 } from "../controllers/disruption/test-fixtures.js";
import { budgetsCovering, decideEviction } from "./decision.js";

describe("eviction decision", () => {
  it.each([
    ["no budget covers the pod", pod("web-a"), [], { type: "delete" }],
    ["a budget with disruptions left", pod("web-a"), [budget({ minAvailable: 2 }, counted(1, 3, 2))], { type: "spend" }],
    [
      "a budget with none left",
      pod("web-a"),
      [budget({ minAvailable: 3 }, counted(0, 3, 3))],
      { type: "wait", budget: "web-pdb", reason: "The disruption budget web-pdb needs 3 healthy pods and has 3 currently", retryAfterSeconds: 0 },
    ],
    ["a budget the controller has not counted yet", pod("web-a"), [budget({ minAvailable: 1 })], { type: "wait", reason: "The disruption budget web-pdb is still being processed by the server.", retryAfterSeconds: 10 }],
    ["a budget whose spec changed since it was counted", pod("web-a"), [budget({ minAvailable: 1 }, counted(2, 3, 1), 2)], { type: "wait", retryAfterSeconds: 10 }],
    ["two budgets", pod("web-a"), [budget(), { ...budget(), metadata: { ...budget().metadata, name: "other" } }], { type: "several", budgets: ["web-pdb", "other"] }],
    ["a negative allowance", pod("web-a"), [budget({ minAvailable: 1 }, counted(-1, 3, 1))], { type: "forbidden", reason: "pdb disruptions allowed is negative" }],
    // Not running: no disruption left to cause, budgets are not looked at.
    ["a Pending pod (pinned to its revision)", pod("web-a", { phase: "Pending", ready: false }), [budget({ minAvailable: 3 }, counted(0, 3, 3))], { type: "delete", pinResourceVersion: "7" }],
    ["a Succeeded pod", pod("web-a", { phase: "Succeeded", ready: false }), [budget({ minAvailable: 3 }, counted(0, 3, 3))], { type: "delete" }],
    ["a Failed pod", pod("web-a", { phase: "Failed", ready: false }), [budget({ minAvailable: 3 }, counted(0, 3, 3))], { type: "delete" }],
    ["a pod being deleted", pod("web-a", { deleting: true }), [budget({ minAvailable: 3 }, counted(0, 3, 3))], { type: "delete" }],
    // Not ready: it is not healthy, so evicting it spends nothing while the budget is met.
    ["a not-ready pod while the budget is met", pod("web-a", { ready: false }), [budget({ minAvailable: 2 }, counted(0, 2, 2, 3))], { type: "delete", pinResourceVersion: "7", budget: "web-pdb" }],
    ["a not-ready pod while the budget is not met", pod("web-a", { ready: false }), [budget({ minAvailable: 3 }, counted(0, 2, 3, 3))], { type: "wait" }],
    ["a not-ready pod, policy AlwaysAllow", pod("web-a", { ready: false }), [budget({ minAvailable: 3, unhealthyPodEvictionPolicy: "AlwaysAllow" }, counted(0, 2, 3, 3))], { type: "delete", pinResourceVersion: "7" }],
  ] as const)("%s", (_, p, budgets, expected) => {
    expect(decideEviction(p, [...budgets], T0)).toMatchObject(expected);
  });

  it("spends one disruption and records the pod with the time, to the second", () => {
    const d = decideEviction(pod("web-a"), [budget({ minAvailable: 1 }, counted(2, 3, 1))], new Date("2024-01-01T00:00:05.678Z"));
    expect(d.type === "spend" && d.status).toMatchObject({ disruptionsAllowed: 1, disruptedPods: { "web-a": "2024-01-01T00:00:05Z" } });
  });

  it("turns DisruptionAllowed False when it spends the last one", () => {
    const d = decideEviction(pod("web-a"), [budget({ minAvailable: 2 }, counted(1, 3, 2))], T0);
    expect(d.type === "spend" && d.status.conditions).toEqual([expect.objectContaining({ type: "DisruptionAllowed", status: "False", reason: "InsufficientPods" })]);
  });
});

describe("budgets covering a pod", () => {
  it("ignores budgets of other labels, of other namespaces, and with an empty selector", () => {
    const other = budget();
    other.spec.selector = { matchLabels: { app: "db" } };
    const elsewhere = budget();
    elsewhere.metadata.namespace = "team-a";
    const empty = budget();
    empty.spec.selector = {};
    expect(budgetsCovering(pod("web-a"), [other, elsewhere, empty])).toEqual([]);
    expect(budgetsCovering(pod("web-a"), [budget()]).map((b) => b.metadata.name)).toEqual(["web-pdb"]);
  });

  it("matches by expressions too", () => {
    const b = budget();
    b.spec.selector = { matchExpressions: [{ key: "app", operator: "In", values: ["web", "api"] }] };
    expect(budgetsCovering(pod("web-a"), [b])).toHaveLength(1);
  });
});
