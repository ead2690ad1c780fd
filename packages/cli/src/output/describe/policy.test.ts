import { describe, expect, it } from "vitest";
import type { PodDisruptionBudget } from "@skiff/api";
import { describeObject } from "./index.js";

const pdb = (status: PodDisruptionBudget["status"]): PodDisruptionBudget => ({
  apiVersion: "policy/v1",
  kind: "PodDisruptionBudget",
  metadata: { name: "web-pdb", namespace: "default", creationTimestamp: "2024-05-01T12:00:00Z" },
  spec: { minAvailable: 2, selector: { matchLabels: { app: "web" } } },
  status,
});

describe("describe pdb", () => {
  it("gives the bound, the selector and the counts, as kubectl does", () => {
    const text = describeObject(pdb({ disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 }), { now: Date.parse("2024-05-01T13:00:00Z") });
    for (const line of [/Min available:\s+2/, /Selector:\s+app=web/, /Status:/, /Allowed disruptions:\s+1/, /Current:\s+3/, /Desired:\s+2/, /Total:\s+3/]) expect(text).toMatch(line);
    expect(text).not.toMatch(/Max unavailable|Reason/);
  });

  it("says why no disruption is allowed", () => {
    const conditions = [{ type: "DisruptionAllowed", status: "False" as const, reason: "SyncFailed", message: 'found no controller ref for pod "web-a"', lastTransitionTime: "2024-05-01T12:00:00Z" }];
    const text = describeObject(pdb({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, conditions }), { now: Date.parse("2024-05-01T13:00:00Z") });
    expect(text).toMatch(/Reason:\s+SyncFailed: found no controller ref for pod "web-a"/);
  });
});
