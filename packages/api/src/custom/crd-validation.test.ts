import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { validateObject } from "../validate.js";
import { structuralIssues } from "./structural.js";
import { websiteCrd } from "./test-crds.js";
import { pruneAndDefault } from "./prune.js";

function issuesOf(raw: unknown): string[] {
  try {
    validateObject(raw);
    return [];
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return err.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

describe("structural schemas", () => {
  it.each([
    ["a field with no type", { type: "object", properties: { spec: { properties: { a: { type: "string" } } } } }, "properties.spec.type: required: must not be empty for specified fields"],
    ["a root that is not an object", { type: "string" }, 'type: must be "object" at the root, got "string"'],
    ["an unknown type", { type: "object", properties: { a: { type: "date" } } }, 'properties.a.type: must be one of "array", "boolean", "integer", "number", "object", "string", got "date"'],
    ["a $ref", { type: "object", properties: { a: { $ref: "#/x" } } }, "properties.a.$ref: must not be set"],
    ["an array without items", { type: "object", properties: { a: { type: "array" } } }, "properties.a.items: required: must be specified for arrays"],
    ["a type inside anyOf", { type: "object", properties: { a: { type: "string", anyOf: [{ type: "string" }] } } }, "properties.a.anyOf[0].type: must not be set inside allOf, anyOf, oneOf or not"],
    ["a field only inside allOf", { type: "object", allOf: [{ properties: { b: { minimum: 1 } } }] }, "allOf[0].properties.b: must have a corresponding property outside of allOf, anyOf, oneOf or not"],
    ["metadata beyond name", { type: "object", properties: { metadata: { type: "object", properties: { labels: { type: "object" } } } } }, "properties.metadata.properties.labels: must not be set: only restrictions on metadata.name and metadata.generateName are allowed"],
    ["additionalProperties: false", { type: "object", additionalProperties: false }, "additionalProperties: must not be false: unknown fields are pruned instead"],
    ["uniqueItems", { type: "object", properties: { a: { type: "array", items: { type: "string" }, uniqueItems: true } } }, "properties.a.uniqueItems: uniqueItems cannot be set to true since the runtime complexity becomes quadratic"],
  ])("refuses %s", (_what, schema, message) => {
    expect(structuralIssues(schema, [])).toContainEqual(({ message: message.slice(message.indexOf(": ") + 2), path: message.slice(0, message.indexOf(": ")) }));
  });

  it.each([
    ["types everywhere", websiteCrd().spec!.versions[0]!.schema!.openAPIV3Schema],
    ["an untyped field that preserves unknown fields", { type: "object", properties: { any: { "x-kubernetes-preserve-unknown-fields": true } } }],
    ["int-or-string", { type: "object", properties: { port: { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] } } }],
    ["a restriction on metadata.name", { type: "object", properties: { metadata: { type: "object", properties: { name: { type: "string", maxLength: 20 } } } } }],
  ])("accepts %s", (_what, schema) => {
    expect(structuralIssues(schema, [])).toEqual([]);
  });
});

describe("CustomResourceDefinition", () => {
  it("is refused with the path inside the CRD when its schema is not structural", () => {
    const crd = websiteCrd();
    crd.spec!.versions[0]!.schema!.openAPIV3Schema!.properties!.spec!.properties!.image = { pattern: "^x" };
    expect(issuesOf(crd)).toContain("spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.image.type: required: must not be empty for specified fields");
  });

  it.each([
    ["two storage versions", (c: ReturnType<typeof websiteCrd>) => (c.spec!.versions[1]!.storage = true), "spec.versions: must have exactly one version marked as storage version, found 2"],
    ["a name that is not plural.group", (c: ReturnType<typeof websiteCrd>) => (c.metadata.name = "sites.example.com"), 'metadata.name: must be spec.names.plural+"."+spec.group ("websites.example.com")'],
    ["a group without a dot", (c: ReturnType<typeof websiteCrd>) => ((c.spec!.group = "example"), (c.metadata.name = "websites.example")), 'spec.group: should be a domain with at least one dot (e.g. "example.com")'],
    ["a bad printer column path", (c: ReturnType<typeof websiteCrd>) => (c.spec!.versions[0]!.additionalPrinterColumns![0]!.jsonPath = "spec.replicas"), 'spec.versions[0].additionalPrinterColumns[0].jsonPath: must be a simple JSON path starting with ".", got "spec.replicas"'],
    ["a scale path outside spec", (c: ReturnType<typeof websiteCrd>) => (c.spec!.versions[0]!.subresources!.scale!.specReplicasPath = ".status.x"), "spec.versions[0].subresources.scale.specReplicasPath: should be a json path under .spec"],
    ["a conversion webhook", (c: ReturnType<typeof websiteCrd>) => ((c.spec as unknown as Record<string, unknown>).conversion = { strategy: "Webhook" }), 'spec.conversion.strategy: must be "None": skiff has no conversion webhooks'],
  ])("refuses %s", (_what, change, message) => {
    const crd = websiteCrd();
    change(crd);
    expect(issuesOf(crd)).toContain(message);
  });

  it("is defaulted: singular, listKind, conversion None, the cleanup finalizer", () => {
    const crd = websiteCrd();
    delete crd.spec!.names.singular;
    const { object } = validateObject(crd);
    const spec = object.spec as { names: { singular: string; listKind: string }; conversion: unknown };
    expect(spec.names).toMatchObject({ singular: "website", listKind: "WebsiteList" });
    expect(spec.conversion).toEqual({ strategy: "None" });
    expect(object.metadata.finalizers).toEqual(["customresourcecleanup.apiextensions.k8s.io"]);
  });
});

describe("pruning and defaults", () => {
  const schema = websiteCrd().spec!.versions[0]!.schema!.openAPIV3Schema!;
  it.each([
    ["keeps the header and metadata whatever the schema", { apiVersion: "a/v1", kind: "K", metadata: { name: "x", labels: { a: "b" } } }, { apiVersion: "a/v1", kind: "K", metadata: { name: "x", labels: { a: "b" } } }, []],
    ["drops unknown fields at every depth", { spec: { image: "i", x: 1, ports: [{ port: 1, y: 2 }] } }, { spec: { image: "i", replicas: 1, message: "hello", ports: [{ port: 1 }] } }, ["spec.x", "spec.ports[0].y"]],
    ["keeps what x-kubernetes-preserve-unknown-fields preserves", { spec: { image: "i", extra: { a: { b: 1 } } } }, { spec: { image: "i", replicas: 1, message: "hello", extra: { a: { b: 1 } } } }, []],
    ["does not default inside a parent left out", {}, {}, []],
    ["keeps a value given over the default", { spec: { image: "i", replicas: 0 } }, { spec: { image: "i", replicas: 0, message: "hello" } }, []],
  ])("%s", (_what, input, output, prunedPaths) => {
    const { value, pruned } = pruneAndDefault(input, schema);
    expect(value).toEqual(output);
    expect(pruned.map((p) => p.map(String).join("."))).toEqual(prunedPaths.map((p) => p.replace(/\[(\d+)\]/g, ".$1")));
  });
});
