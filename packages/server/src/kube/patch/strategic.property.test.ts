// The invariant that keeps strategic merge patch honest: where no list has a strategy and no
// directive is used, it is exactly JSON merge patch.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { applyPatch } from "./index.js";
import type { JsonObject } from "./json.js";

// Field names that never form a path with a strategy (no containers, ports, finalizers...).
const key = fc.constantFrom("a", "b", "spec", "metadata", "status", "template", "labels");
const scalar = fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.boolean(), fc.constant(null));
const { object } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, scalar, tie("object"), tie("array")),
  object: fc.dictionary(key, tie("value"), { maxKeys: 4 }),
  array: fc.array(tie("value"), { maxLength: 3 }),
}));
const kind = fc.constantFrom("Pod", "Deployment", "Node", "Service", "ConfigMap");

describe("strategic merge patch, property", () => {
  it("equals JSON merge patch when the patch touches no list with a strategy", () => {
    fc.assert(
      fc.property(kind, object, object, (k, live, patch) => {
        const strategic = applyPatch("strategic", k, live as JsonObject, patch);
        expect(strategic).toEqual(applyPatch("merge", k, live as JsonObject, patch));
      }),
      { numRuns: 500 },
    );
  });
});
