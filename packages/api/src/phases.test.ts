import { describe, expect, it } from "vitest";
import { canTransition } from "./phases.js";

describe("canTransition", () => {
  it.each([
    [undefined, "Pending", true],
    ["Pending", "Running", true],
    ["Running", "Succeeded", true],
    ["Running", "Failed", true],
    ["Running", "Running", true],
    ["Running", "Pending", false],
    ["Failed", "Running", false],
    ["Succeeded", "Failed", false],
    ["Pending", "Failed", true],
  ] as const)("%s -> %s: %s", (from, to, ok) => {
    expect(canTransition(from, to)).toBe(ok);
  });
});
