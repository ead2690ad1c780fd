// JSON patch: each RFC 6902 operation on a Deployment, and the 400s that name the failing operation.
import { describe, expect, it } from "vitest";
import { BadRequestError } from "../errors.js";
import { jsonPatch } from "./json-patch.js";
import { deepFreeze, deployment } from "./test-fixtures.js";

const live = deepFreeze(deployment());
const spec = (obj: Record<string, unknown>) => obj.spec as Record<string, unknown>;

describe("jsonPatch", () => {
  const cases: { name: string; ops: unknown[]; check: (result: Record<string, unknown>) => unknown; expected: unknown }[] = [
    { name: "replace a field", ops: [{ op: "replace", path: "/spec/replicas", value: 5 }], check: (r) => spec(r).replicas, expected: 5 },
    { name: "add a map key", ops: [{ op: "add", path: "/metadata/labels/tier", value: "fe" }], check: (r) => (r.metadata as { labels: unknown }).labels, expected: { app: "web", tier: "fe" } },
    { name: "remove a field", ops: [{ op: "remove", path: "/spec/strategy/rollingUpdate" }], check: (r) => spec(r).strategy, expected: { type: "RollingUpdate" } },
    {
      name: "add to the end of a list with -",
      ops: [{ op: "add", path: "/spec/template/spec/containers/0/env/-", value: { name: "C", value: "3" } }],
      check: (r) => JSON.stringify(r).includes(`{"name":"C","value":"3"}`),
      expected: true,
    },
    { name: "a passing test, then a change (kubectl rollout undo's shape)", ops: [{ op: "test", path: "/spec/replicas", value: 2 }, { op: "replace", path: "/spec/replicas", value: 1 }], check: (r) => spec(r).replicas, expected: 1 },
    { name: "copy a value", ops: [{ op: "copy", from: "/metadata/labels", path: "/metadata/annotations" }], check: (r) => (r.metadata as { annotations: unknown }).annotations, expected: { app: "web" } },
    { name: "move a value", ops: [{ op: "move", from: "/spec/replicas", path: "/spec/count" }], check: (r) => [spec(r).replicas, spec(r).count], expected: [undefined, 2] },
    { name: "a path with an escaped / (~1)", ops: [{ op: "add", path: "/metadata/labels/example.com~1x", value: "y" }], check: (r) => (r.metadata as { labels: Record<string, string> }).labels["example.com/x"], expected: "y" },
    { name: "no operations change nothing", ops: [], check: (r) => r, expected: deployment() },
  ];
  it.each(cases)("$name", ({ ops, check, expected }) => {
    expect(check(jsonPatch(live, ops))).toEqual(expected);
  });

  const errors: { name: string; ops: unknown; message: string }[] = [
    {
      name: "a failing test op, with both values",
      ops: [{ op: "replace", path: "/spec/replicas", value: 3 }, { op: "test", path: "/spec/replicas", value: 5 }],
      message: "the server rejected our request due to an error in our request: json patch operation 1 (test /spec/replicas): test failed: the value is 3, not 5",
    },
    { name: "a path that does not exist", ops: [{ op: "remove", path: "/spec/nope" }], message: "json patch operation 0 (remove /spec/nope): the path does not exist" },
    { name: "replace of a missing field", ops: [{ op: "test", path: "/kind", value: "Deployment" }, { op: "replace", path: "/spec/nope", value: 1 }], message: "json patch operation 1 (replace /spec/nope): the path does not exist" },
    { name: "add under a missing parent", ops: [{ op: "add", path: "/spec/a/b", value: 1 }], message: "json patch operation 0 (add /spec/a/b): " },
    { name: "an unknown op", ops: [{ op: "merge", path: "/spec", value: {} }], message: `json patch operation 0 (merge /spec): "op" must be one of add, remove, replace, move, copy, test` },
    { name: "a missing value", ops: [{ op: "add", path: "/spec/x" }], message: `json patch operation 0 (add /spec/x): "value" is required` },
    { name: "an operation that is not an object", ops: ["remove"], message: `json patch operation 0 ("remove"): an operation must be a JSON object` },
    { name: "a body that is not a list", ops: { op: "add" }, message: "a JSON patch must be a JSON array of operations" },
    { name: "a result that is not an object", ops: [{ op: "replace", path: "", value: 3 }], message: "the JSON patch would leave something other than an object" },
  ];
  it.each(errors)("400 for $name", ({ ops, message }) => {
    const run = () => jsonPatch(live, ops);
    expect(run).toThrow(BadRequestError);
    expect(run).toThrow(message);
  });
});
