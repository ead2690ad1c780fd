import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.js";
import { lookupKind } from "./kinds.js";
import { validateObject } from "./validate.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

/** The budget of the Kubernetes documentation (tasks/run-application/configure-pdb). */
const zkPdb = (spec: Obj = { minAvailable: 2 }): Obj => ({
  apiVersion: "policy/v1",
  kind: "PodDisruptionBudget",
  metadata: { name: "zk-pdb" },
  spec: { ...spec, selector: { matchLabels: { app: "zookeeper" } } },
});

function problems(raw: unknown): string[] {
  try {
    validateObject(raw);
    return [];
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

describe("PodDisruptionBudget validation", () => {
  it.each([
    ["minAvailable as a count", { minAvailable: 2 }],
    ["minAvailable as a percentage", { minAvailable: "80%" }],
    ["maxUnavailable as a count", { maxUnavailable: 1 }],
    ["maxUnavailable 0 (no voluntary disruption)", { maxUnavailable: 0 }],
    ["the unhealthy pod eviction policy", { maxUnavailable: "25%", unhealthyPodEvictionPolicy: "AlwaysAllow" }],
  ])("accepts %s", (_, spec) => {
    expect(problems(zkPdb(spec))).toEqual([]);
  });

  it.each([
    ["both bounds", { minAvailable: 2, maxUnavailable: 1 }, "spec.minAvailable: minAvailable and maxUnavailable cannot be both set"],
    ["neither bound", {}, "spec.minAvailable: one of minAvailable or maxUnavailable is required"],
    ["a negative count", { minAvailable: -1 }, "spec.minAvailable: must be greater than or equal to 0, got -1"],
    ["over 100%", { maxUnavailable: "150%" }, "spec.maxUnavailable: must not be greater than 100%"],
    ["a word", { minAvailable: "half" }, `spec.minAvailable: must be an integer or a percentage like "25%", got "half"`],
    ["an unknown policy", { minAvailable: 1, unhealthyPodEvictionPolicy: "Never" }, "spec.unhealthyPodEvictionPolicy:"],
  ])("refuses %s with the field path", (_, spec, expected) => {
    const found = problems(zkPdb(spec));
    expect(found.some((p) => p.startsWith(expected))).toBe(true);
  });

  it("refuses a selector that is not a LabelSelector", () => {
    const pdb = zkPdb();
    pdb.spec.selector = { matchLabels: { app: 3 } };
    expect(problems(pdb).some((p) => p.startsWith("spec.selector.matchLabels.app:"))).toBe(true);
  });

  it("is found by kubectl's names", () => {
    for (const name of ["pdb", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget"]) {
      expect(lookupKind(name)?.kind).toBe("PodDisruptionBudget");
    }
    expect(lookupKind("pdb")).toMatchObject({ apiVersion: "policy/v1", namespaced: true });
  });
});
