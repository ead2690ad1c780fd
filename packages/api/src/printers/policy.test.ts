import { describe, expect, it } from "vitest";
import type { PodDisruptionBudget } from "../types.js";
import { pdbAllowedDisruptions, pdbMaxUnavailable, pdbMinAvailable } from "./policy.js";

const pdb = (spec: PodDisruptionBudget["spec"], disruptionsAllowed?: number): PodDisruptionBudget => ({
  apiVersion: "policy/v1",
  kind: "PodDisruptionBudget",
  metadata: { name: "web" },
  spec,
  ...(disruptionsAllowed === undefined ? {} : { status: { disruptionsAllowed, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 } }),
});

describe("PodDisruptionBudget cells", () => {
  it("prints the bound that is set and N/A for the other", () => {
    expect([pdbMinAvailable(pdb({ minAvailable: 2 })), pdbMaxUnavailable(pdb({ minAvailable: 2 }))]).toEqual(["2", "N/A"]);
    expect([pdbMinAvailable(pdb({ maxUnavailable: "25%" })), pdbMaxUnavailable(pdb({ maxUnavailable: "25%" }))]).toEqual(["N/A", "25%"]);
  });

  it("prints 0 allowed disruptions before the controller has looked", () => {
    expect(pdbAllowedDisruptions(pdb({ minAvailable: 1 }))).toBe(0);
    expect(pdbAllowedDisruptions(pdb({ minAvailable: 1 }, 3))).toBe(3);
  });
});
