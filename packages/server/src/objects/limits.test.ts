import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, checkApplySize, objectSizeIssue } from "./limits.js";

describe("apply limits", () => {
  it("refuses more objects than the limit, naming it", () => {
    expect(() => checkApplySize(Array(501).fill("{}"), DEFAULT_LIMITS)).toThrow(
      "apply has 501 objects, more than the limit of 500 per apply: split it into several applies",
    );
    expect(() => checkApplySize(Array(500).fill("{}"), DEFAULT_LIMITS)).not.toThrow();
  });

  it("refuses more bytes than the limit, naming it", () => {
    const doc = "x".repeat(1024 * 1024);
    expect(() => checkApplySize(Array(9).fill(doc), DEFAULT_LIMITS)).toThrow("apply is 9.0 MiB, larger than the 8.0 MiB limit per apply");
  });

  it("names the object limit", () => {
    expect(objectSizeIssue({ blob: "x".repeat(2 * 1024 * 1024) }, DEFAULT_LIMITS)).toMatch(/larger than the 1.5 MiB limit/);
    expect(objectSizeIssue({ a: 1 }, DEFAULT_LIMITS)).toBeUndefined();
  });
});
