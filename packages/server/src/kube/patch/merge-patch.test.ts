// JSON merge patch: the examples of RFC 7386, appendix A, as (target, patch) -> result.
import { describe, expect, it } from "vitest";
import { mergePatch } from "./merge-patch.js";
import { deepFreeze } from "./test-fixtures.js";

describe("mergePatch", () => {
  const cases: { name: string; target: unknown; patch: unknown; expected: unknown }[] = [
    { name: "a scalar replaces", target: { a: "b" }, patch: { a: "c" }, expected: { a: "c" } },
    { name: "a new key is added", target: { a: "b" }, patch: { b: "c" }, expected: { a: "b", b: "c" } },
    { name: "null deletes a key", target: { a: "b" }, patch: { a: null }, expected: {} },
    { name: "null deletes only its key", target: { a: "b", b: "c" }, patch: { a: null }, expected: { b: "c" } },
    { name: "a list replaces a scalar", target: { a: ["b"] }, patch: { a: "c" }, expected: { a: "c" } },
    { name: "a scalar replaces a list", target: { a: "c" }, patch: { a: ["b"] }, expected: { a: ["b"] } },
    { name: "objects merge recursively, null deletes inside", target: { a: { b: "c" } }, patch: { a: { b: "d", c: null } }, expected: { a: { b: "d" } } },
    { name: "lists are replaced, never merged", target: { a: [{ b: "c" }] }, patch: { a: [1] }, expected: { a: [1] } },
    { name: "a list patch replaces the whole target", target: ["a", "b"], patch: ["c", "d"], expected: ["c", "d"] },
    { name: "an object patch replaces a list target", target: { a: "b" }, patch: ["c"], expected: ["c"] },
    { name: "a null patch is the result", target: { a: "foo" }, patch: null, expected: null },
    { name: "a string patch is the result", target: { a: "foo" }, patch: "bar", expected: "bar" },
    { name: "null in a new object is dropped", target: { e: null }, patch: { a: 1 }, expected: { e: null, a: 1 } },
    { name: "an object patch on a list target starts from {}", target: [1, 2], patch: { a: "b", c: null }, expected: { a: "b" } },
    { name: "deep nulls in a new branch are dropped", target: {}, patch: { a: { bb: { ccc: null } } }, expected: { a: { bb: {} } } },
    { name: "kubectl scale: spec.replicas only", target: { spec: { replicas: 1, selector: { app: "web" } } }, patch: { spec: { replicas: 3 } }, expected: { spec: { replicas: 3, selector: { app: "web" } } } },
  ];
  it.each(cases)("$name", ({ target, patch, expected }) => {
    expect(mergePatch(deepFreeze(target), deepFreeze(patch))).toEqual(expected);
  });
});
