// The entry points the PATCH handler calls: Content-Type -> patch type, and applyPatch.
import { describe, expect, it } from "vitest";
import { BadRequestError, UnsupportedMediaTypeError } from "../errors.js";
import { applyPatch, patchTypeOf } from "./index.js";
import { deepFreeze, deployment } from "./test-fixtures.js";

describe("patchTypeOf", () => {
  const cases = [
    { contentType: "application/json-patch+json", expected: "json" },
    { contentType: "application/merge-patch+json", expected: "merge" },
    { contentType: "application/strategic-merge-patch+json", expected: "strategic" },
    { contentType: "application/apply-patch+yaml", expected: "apply" },
    { contentType: "application/merge-patch+json; charset=utf-8", expected: "merge" },
    { contentType: "Application/Strategic-Merge-Patch+JSON", expected: "strategic" },
  ];
  it.each(cases)("$contentType is $expected", ({ contentType, expected }) => {
    expect(patchTypeOf(contentType)).toBe(expected);
  });

  it.each(["application/json", "", "text/plain"])("refuses %j with 415 and the accepted types", (contentType) => {
    expect(() => patchTypeOf(contentType)).toThrow(UnsupportedMediaTypeError);
    expect(() => patchTypeOf(contentType)).toThrow(
      "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json",
    );
  });
});

describe("applyPatch", () => {
  const live = deepFreeze(deployment());
  const cases = [
    { type: "json", patch: [{ op: "replace", path: "/spec/replicas", value: 3 }] },
    { type: "merge", patch: { spec: { replicas: 3 } } },
    { type: "strategic", patch: { spec: { replicas: 3 } } },
  ] as const;
  it.each(cases)("$type: patches a copy, never the live object", ({ type, patch }) => {
    const result = applyPatch(type, "Deployment", live, patch);
    expect((result.spec as { replicas: number }).replicas).toBe(3);
    expect((live.spec as { replicas: number }).replicas).toBe(2);
  });

  it("merge and strategic differ on a keyed list: replaced vs merged", () => {
    const patch = { spec: { template: { spec: { containers: [{ name: "log", image: "b" }] } } } };
    type Shape = { spec: { template: { spec: { containers: { name: string }[] } } } };
    const names = (type: "merge" | "strategic") =>
      (applyPatch(type, "Deployment", live, patch) as unknown as Shape).spec.template.spec.containers.map((c) => c.name);
    expect(names("merge")).toEqual(["log"]);
    expect(names("strategic")).toEqual(["web", "log"]);
  });

  const shapes = [
    { type: "merge", patch: [], message: "a merge patch must be a JSON object, got an array" },
    { type: "strategic", patch: "x", message: "a strategic patch must be a JSON object, got a string" },
    { type: "merge", patch: undefined, message: "a merge patch must be a JSON object, got an empty body" },
    { type: "json", patch: {}, message: "a JSON patch must be a JSON array of operations" },
  ] as const;
  it.each(shapes)("400 for a $type body of the wrong shape", ({ type, patch, message }) => {
    expect(() => applyPatch(type, "Deployment", live, patch)).toThrow(BadRequestError);
    expect(() => applyPatch(type, "Deployment", live, patch)).toThrow(message);
  });
});
