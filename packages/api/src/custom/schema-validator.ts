// A custom object's body checked against its CRD's openAPIV3Schema by ajv (a maintained
// JSON-schema validator), and ajv's errors turned into skiff's field-path messages:
// `spec.replicas: must be >= 0`, `spec.image: required`, `spec.size: must be one of "S", "M"`.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { FieldIssue } from "../errors.js";
import { describeValue, quote } from "../issues.js";
import { formatPath, type PathSegment } from "../paths.js";
import { isRecord } from "../schemas/fields.js";
import type { JSONSchemaProps } from "../types/apiextensions.js";
import { KUBERNETES_FORMATS } from "./formats.js";
import { compileCelRules } from "./cel-rules.js";

// strict: false lets Kubernetes' x-kubernetes-* keywords and OpenAPI's `example` pass unread;
// string formats are checked as Kubernetes checks them (formats.ts), and a format Kubernetes does
// not check (int32, password, a name of the user's own) is ignored, silently (logger: false).
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, validateFormats: true, allowUnionTypes: true, logger: false });
for (const [name, check] of Object.entries(KUBERNETES_FORMATS)) ajv.addFormat(name, { type: "string", validate: check });

export type BodyValidator = (object: unknown) => FieldIssue[];

/**
 * Compile `schema` once; the function returns every issue of an object, empty when valid. The
 * CEL rules (cel-rules.ts) run on an object the schema accepts, as their types rely on it.
 */
export function compileSchema(schema: JSONSchemaProps): BodyValidator {
  const validate: ValidateFunction = ajv.compile(toAjv(schema) as object);
  const rules = compileCelRules(schema);
  return (object) => {
    if (!validate(object)) return toIssues(validate.errors ?? []);
    return rules ? rules(object) : [];
  };
}

/** Kubernetes' dialect in ajv's: int-or-string as a union type; metadata left to ObjectMeta's checks. */
function toAjv(node: unknown, root = true): unknown {
  if (Array.isArray(node)) return node.map((n) => toAjv(n, false));
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "default" || k === "enum" || k === "example") out[k] = v;
    else if (k === "properties" && isRecord(v)) {
      const props: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(v)) if (!(root && name === "metadata")) props[name] = toAjv(sub, false);
      out[k] = props;
    } else out[k] = toAjv(v, false);
  }
  if (node["x-kubernetes-int-or-string"] === true && node.type === undefined) out.type = ["integer", "string"];
  if (root && Array.isArray(out.required)) out.required = (out.required as string[]).filter((r) => r !== "metadata");
  return out;
}

function segments(instancePath: string): PathSegment[] {
  if (instancePath === "") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

function toIssue(e: ErrorObject): FieldIssue | undefined {
  const path = segments(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return { path: formatPath([...path, String(p.missingProperty)]), message: "required" };
    case "type":
      return { path: formatPath(path), message: `expected ${[p.type].flat().join(" or ")}, got ${describeValue(e.data)}` };
    case "enum":
      return { path: formatPath(path), message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}, got ${quote(e.data)}` };
    case "format":
      return { path: formatPath(path), message: `must match format ${JSON.stringify(p.format)}, got ${quote(e.data)}` };
    case "anyOf":
    case "oneOf":
    case "if":
      return undefined; // the branches' own errors say what is wrong
    default:
      return { path: formatPath(path), message: e.message ?? `fails ${e.keyword}` };
  }
}

function toIssues(errors: ErrorObject[]): FieldIssue[] {
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  for (const e of errors) {
    const issue = toIssue(e);
    const key = issue && `${issue.path}\u0000${issue.message}`;
    if (issue && key && !seen.has(key)) {
      seen.add(key);
      out.push(issue);
    }
  }
  return out;
}
