import { describe, expect, it } from "vitest";
import type { PodDisruptionBudget } from "@skiff/api";
import { tableHeaders, tableRow } from "./index.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");

describe("skiff get pdb", () => {
  it("prints a budget as kubectl does: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE", () => {
    const pdb: PodDisruptionBudget = {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: "web-pdb", creationTimestamp: "2024-05-01T11:00:00Z" },
      spec: { minAvailable: 2, selector: { matchLabels: { app: "web" } } },
      status: { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 },
    };
    expect(tableHeaders("PodDisruptionBudget", {})).toEqual(["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"]);
    expect(tableRow(pdb, { now: NOW })).toEqual(["web-pdb", "2", "N/A", "1", "60m"]);
    expect(tableRow({ ...pdb, spec: { maxUnavailable: "25%" }, status: undefined } as unknown as PodDisruptionBudget, { now: NOW })).toEqual(["web-pdb", "N/A", "25%", "0", "60m"]);
  });
});
