// Fuzzing the pure entry points of bad input: the manifest parser, the validators and Pod
// Security admission, each with at least 10,000 random and mutated inputs. Whatever comes in,
// each returns or throws its one named error with a clear message: never a crash.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KINDS, ValidationError, parseManifests, validateObject } from "@skiff/api";
import { PodSecurityError, admit, DEFAULT_POD_SECURITY } from "../packages/server/src/objects/admission.js";
import { mutate } from "../packages/api/src/test-mutate.js";

const RUNS = 10_000;
const examples = ["examples/nginx-deployment.yaml", "examples/hello-pods.yaml"].map((f) => readFileSync(f, "utf8"));

/** A clear message: one or more lines of text, no stack trace, no "[object Object]". */
function expectClear(err: unknown, type: new (...args: never[]) => Error): void {
  expect(err).toBeInstanceOf(type);
  const message = (err as Error).message;
  expect(message.trim()).not.toBe("");
  expect(message).not.toMatch(/\n\s+at |\[object Object\]/);
}

// Text that is YAML-ish: keys, indentation, flow collections, anchors, tags, separators.
const yamlToken = fc.constantFrom(
  "apiVersion: v1", "kind: Pod", "kind: List", "items:", "metadata:", "  name: x", "spec:", "- ", "  - {a: 1}",
  "---", "...", "&a ", "*a", "!!str ", "!!binary ", "? ", ": ", "[", "]", "{", "}", "|", ">-", "#", "'", '"', "\t", "\n", "  ",
  "<<: *a", "%YAML 1.2", "0x1F", "1e309", "~", "null", "true", "containers: [{name: a, image: b}]",
);
const yamlish = fc.array(fc.oneof(yamlToken, fc.string({ maxLength: 8 })), { maxLength: 40 }).map((t) => t.join(""));

/** A real manifest with characters deleted, replaced or inserted at random places. */
const mutatedManifest = fc
  .tuple(fc.constantFrom(...examples), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 2 }), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 6 }))
  .map(([text, edits]) =>
    edits.reduce((t, [at, op, s]) => {
      const i = at % (t.length + 1);
      return op === 0 ? t.slice(0, i) + t.slice(i + 1) : op === 1 ? t.slice(0, i) + s + t.slice(i + 1) : t.slice(0, i) + s + t.slice(i);
    }, text),
  );

const anyText = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 100 }), yamlish, mutatedManifest);

describe("parseManifests", () => {
  it(`returns documents or a ValidationError, for ${RUNS} random and mutated texts`, () => {
    fc.assert(
      fc.property(anyText, (text) => {
        try {
          const docs = parseManifests(text, "fuzz.yaml");
          expect(Array.isArray(docs)).toBe(true);
          // What parses goes on to validation and admission, as in `skiff apply`.
          for (const d of docs) validateAndAdmit(d.object);
        } catch (err) {
          expectClear(err, ValidationError);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

function validateAndAdmit(raw: unknown): void {
  try {
    validateObject(raw);
  } catch (err) {
    expectClear(err, ValidationError);
    return;
  }
  try {
    admit(raw, DEFAULT_POD_SECURITY);
  } catch (err) {
    expectClear(err, PodSecurityError);
  }
}

const pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", labels: { app: "web" } },
  spec: {
    hostNetwork: false,
    containers: [{ name: "app", image: "nginx", ports: [{ containerPort: 80, hostPort: 8080 }], securityContext: { privileged: false, capabilities: { add: ["CHOWN"] } } }],
    volumes: [{ name: "data", hostPath: { path: "/srv/data" } }],
  },
};
const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: pod.spec } } };


const weird = fc.anything({ withNullPrototype: true, withObjectString: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withSparseArray: true, maxDepth: 3 });
const json = fc.jsonValue({ maxDepth: 4 });

describe("validateObject and Pod Security admission", () => {
  it(`validate, then admit: only their own errors, for ${RUNS} random values and mutated objects`, () => {
    const kind = fc.constantFrom(...KINDS);
    const input = fc.oneof(
      weird,
      json,
      fc.tuple(fc.constantFrom(pod, deployment), fc.array(fc.nat(), { maxLength: 8 }), fc.oneof(weird, json, fc.constant(true))).map(([o, p, v]) => mutate(o, p, v)),
      fc.tuple(kind, fc.dictionary(fc.string(), json), weird).map(([k, body, spec]) => ({ ...body, apiVersion: k.apiVersion, kind: k.kind, metadata: { name: "x" }, spec })),
    );
    fc.assert(fc.property(input, validateAndAdmit), { numRuns: RUNS });
  });
});
