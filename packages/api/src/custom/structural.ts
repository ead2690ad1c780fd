// Is an openAPIV3Schema "structural", as Kubernetes requires of every CRD schema
// (apiextensions-apiserver pkg/apiserver/schema/validation.go)? A structural schema says the type
// of every field it names, so the server can prune, default and validate by walking it. Each
// problem is reported with its path inside the CRD, as `kubectl apply` shows Kubernetes' own.
import type { FieldIssue } from "../errors.js";
import { formatPath, type PathSegment } from "../paths.js";
import type { JSONSchemaProps } from "../types/apiextensions.js";
import { isRecord } from "../schemas/fields.js";

const TYPES = new Set(["object", "array", "string", "integer", "number", "boolean"]);
const JUNCTORS = ["allOf", "anyOf", "oneOf", "not"] as const;
// Keywords Kubernetes refuses anywhere in a CRD schema.
const FORBIDDEN: Record<string, string> = {
  $ref: "must not be set",
  $schema: "must not be set",
  definitions: "must not be set",
  dependencies: "must not be set",
  patternProperties: "must not be set",
  id: "must not be set",
};
// Inside allOf/anyOf/oneOf/not only value checks may appear: the shape is said outside them.
const NOT_IN_JUNCTORS = ["type", "additionalProperties", "default", "nullable", "description", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource"];
// Every keyword a CRD schema may use (JSONSchemaProps' fields).
const KNOWN = new Set([
  "type", "format", "title", "description", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
  "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "multipleOf", "enum", "maxProperties",
  "minProperties", "required", "items", "allOf", "oneOf", "anyOf", "not", "properties", "additionalProperties",
  "nullable", "example", "externalDocs", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource",
  "x-kubernetes-int-or-string", "x-kubernetes-list-map-keys", "x-kubernetes-list-type", "x-kubernetes-map-type",
  "x-kubernetes-validations", ...Object.keys(FORBIDDEN),
]);

/** Every way `schema` (at `base`, its path in the CRD) is not structural; empty when it is. */
export function structuralIssues(schema: unknown, base: PathSegment[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!isRecord(schema)) return [{ path: formatPath(base), message: "required: a structural schema (an object with type: object)" }];
  if (schema.type !== "object") issues.push({ path: formatPath([...base, "type"]), message: `must be "object" at the root, got ${JSON.stringify(schema.type ?? "")}` });
  checkNode(schema, base, { root: true, specified: true }, issues);
  checkMetadata(schema, base, issues);
  return issues;
}

interface Where {
  root?: boolean;
  /** A field of an object (properties, additionalProperties) or an array's items: needs a type. */
  specified: boolean;
  inJunctor?: boolean;
  /** Under x-kubernetes-int-or-string, whose `anyOf: [{type: integer}, {type: string}]` Kubernetes allows. */
  intOrString?: boolean;
}

function checkNode(node: JSONSchemaProps, path: PathSegment[], where: Where, issues: FieldIssue[]): void {
  const at = (...rest: PathSegment[]) => formatPath([...path, ...rest]);
  for (const key of Object.keys(node)) {
    if (FORBIDDEN[key]) issues.push({ path: at(key), message: FORBIDDEN[key] });
    else if (!KNOWN.has(key)) issues.push({ path: at(key), message: "unknown schema keyword" });
  }
  const escape = node["x-kubernetes-int-or-string"] === true || node["x-kubernetes-preserve-unknown-fields"] === true;
  if (where.inJunctor) {
    for (const k of NOT_IN_JUNCTORS) if (node[k] !== undefined && !(k === "type" && where.intOrString)) issues.push({ path: at(k), message: "must not be set inside allOf, anyOf, oneOf or not" });
  } else if (node.type === undefined || node.type === "") {
    if (where.specified && !escape) issues.push({ path: at("type"), message: "required: must not be empty for specified fields" });
  } else if (typeof node.type !== "string" || !TYPES.has(node.type)) {
    issues.push({ path: at("type"), message: `must be one of "array", "boolean", "integer", "number", "object", "string", got ${JSON.stringify(node.type)}` });
  }
  if (node["x-kubernetes-int-or-string"] === true && node.type !== undefined && !where.inJunctor) {
    issues.push({ path: at("type"), message: "must be empty when x-kubernetes-int-or-string is true" });
  }
  if (node.uniqueItems === true) issues.push({ path: at("uniqueItems"), message: "uniqueItems cannot be set to true since the runtime complexity becomes quadratic" });
  if (node.additionalProperties === false) issues.push({ path: at("additionalProperties"), message: "must not be false: unknown fields are pruned instead" });
  if (node.properties !== undefined && isRecord(node.additionalProperties)) {
    issues.push({ path: at("additionalProperties"), message: "properties and additionalProperties are mutually exclusive" });
  }
  if (node.type === "array" && !where.inJunctor && node.items === undefined) issues.push({ path: at("items"), message: "required: must be specified for arrays" });
  if (node.items !== undefined && !isRecord(node.items)) issues.push({ path: at("items"), message: "must be one schema, not a list" });
  if (node.properties !== undefined && !isRecord(node.properties)) issues.push({ path: at("properties"), message: "must be an object of schemas" });
  const child = { specified: true, inJunctor: where.inJunctor };
  for (const [name, sub] of Object.entries(isRecord(node.properties) ? node.properties : {})) {
    if (!isRecord(sub)) issues.push({ path: at("properties", name), message: "must be a schema (an object)" });
    else checkNode(sub, [...path, "properties", name], child, issues);
  }
  if (isRecord(node.additionalProperties)) checkNode(node.additionalProperties, [...path, "additionalProperties"], child, issues);
  if (isRecord(node.items)) checkNode(node.items, [...path, "items"], child, issues);
  for (const j of JUNCTORS) {
    const list = node[j];
    const subs = j === "not" ? (isRecord(list) ? [list] : []) : Array.isArray(list) ? list : [];
    subs.forEach((sub, i) => {
      const subPath = j === "not" ? [...path, j] : [...path, j, i];
      if (!isRecord(sub)) return void issues.push({ path: formatPath(subPath), message: "must be a schema (an object)" });
      checkNode(sub, subPath, { specified: false, inJunctor: true, intOrString: node["x-kubernetes-int-or-string"] === true }, issues);
      checkJunctorFields(sub, node, subPath, issues);
    });
  }
}

/** A field named inside a junctor must be named outside it too (the shape is said once, outside). */
function checkJunctorFields(sub: JSONSchemaProps, outer: JSONSchemaProps, path: PathSegment[], issues: FieldIssue[]): void {
  const outerProps = isRecord(outer.properties) ? outer.properties : {};
  for (const name of Object.keys(isRecord(sub.properties) ? sub.properties : {})) {
    if (!Object.hasOwn(outerProps, name)) issues.push({ path: formatPath([...path, "properties", name]), message: "must have a corresponding property outside of allOf, anyOf, oneOf or not" });
  }
}

/** At the root, metadata may only restrict name and generateName (the server owns the rest). */
function checkMetadata(root: JSONSchemaProps, base: PathSegment[], issues: FieldIssue[]): void {
  const meta = isRecord(root.properties) ? root.properties.metadata : undefined;
  if (!isRecord(meta)) return;
  const path = [...base, "properties", "metadata"];
  if (meta.type !== undefined && meta.type !== "object") issues.push({ path: formatPath([...path, "type"]), message: 'must be "object"' });
  for (const key of Object.keys(meta)) {
    if (key !== "type" && key !== "properties") issues.push({ path: formatPath([...path, key]), message: "must not be set: only restrictions on metadata.name and metadata.generateName are allowed" });
  }
  for (const name of Object.keys(isRecord(meta.properties) ? meta.properties : {})) {
    if (name !== "name" && name !== "generateName") issues.push({ path: formatPath([...path, "properties", name]), message: "must not be set: only restrictions on metadata.name and metadata.generateName are allowed" });
  }
}
