// validateObject: the one gate every object passes, from a manifest, the CLI, the SDK or the
// server. It checks the kind and apiVersion, sorts unknown fields (scan.ts), checks types and
// rules (schemas/), and fills in defaults (defaults.ts). Every problem found is reported at
// once, each with its field path; nothing but a ValidationError ever escapes.
import { applyDefaults } from "./defaults.js";
import { ValidationError, type FieldIssue } from "./errors.js";
import { describeValue, errorMap, fieldIssues, quote } from "./issues.js";
import { KINDS, kindInfo, lookupKind, type KindInfo } from "./kinds.js";
import type { ApiObject } from "./meta.js";
import { formatPath } from "./paths.js";
import { KIND_SCHEMAS } from "./schemas/index.js";
import { isRecord } from "./schemas/fields.js";
import { scanFields } from "./schemas/scan.js";
import { closest } from "./suggest.js";
import { customKind, type CustomKind } from "./custom/registry.js";
import { validateCustom, versionIssue } from "./custom/validate-custom.js";

export interface ValidateOptions {
  /** Reject Kubernetes fields skiff does not support, instead of ignoring them with a warning. */
  strict?: boolean;
  /** Names the document in messages, e.g. `web.yaml (document 2)`. */
  source?: string;
}

export interface Validated {
  /** A fresh, defaulted object: unsupported fields removed, quantities as strings. */
  object: ApiObject;
  /** One line per ignored field: `spec.template.spec.affinity: not supported by skiff, ignored`. */
  warnings: string[];
}

function typeIssue(path: string, value: unknown): FieldIssue {
  return { path, message: value === undefined ? "required" : `expected string, got ${describeValue(value)}` };
}

/** `kind` must name a kind skiff knows, and `apiVersion` must be that kind's. */
function checkHeader(raw: Record<string, unknown>, issues: FieldIssue[]): KindInfo | undefined {
  const { apiVersion, kind } = raw;
  let info: KindInfo | undefined;
  if (typeof kind !== "string") {
    issues.push(typeIssue("kind", kind));
  } else {
    info = kindInfo(kind);
    if (!info) {
      const guess = lookupKind(kind)?.kind ?? closest(kind, KINDS.map((k) => k.kind));
      const hint = guess ? `did you mean "${guess}"? ` : "";
      issues.push({ path: "kind", message: `unknown kind ${quote(kind)}: ${hint}known kinds are ${KINDS.map((k) => k.kind).join(", ")}` });
    }
  }
  if (typeof apiVersion !== "string") {
    issues.push(typeIssue("apiVersion", apiVersion));
  } else if (info && apiVersion !== info.apiVersion && "versions" in info) {
    const bad = versionIssue(info as CustomKind, apiVersion);
    if (bad) issues.push({ path: "apiVersion", message: bad });
  } else if (info && apiVersion !== info.apiVersion) {
    issues.push({ path: "apiVersion", message: `must be "${info.apiVersion}" for kind ${info.kind}, got ${quote(apiVersion)}` });
  }
  return info;
}

/**
 * A field set to null is a field not set, as Kubernetes decodes JSON: kubectl's own output
 * (`creationTimestamp: null` in `create --dry-run -o yaml`, in `rollout undo`'s template) has them.
 */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  // defineProperty: a key named __proto__ stays a key (and stays reported as unknown).
  for (const [k, v] of Object.entries(value)) {
    if (v !== null) Object.defineProperty(out, k, { value: withoutNulls(v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function validate(input: unknown, strict: boolean, source: string | undefined): Validated {
  const raw = withoutNulls(input);
  const fail = (issues: FieldIssue[]): never => {
    throw new ValidationError(issues, { source });
  };
  if (!isRecord(raw)) {
    return fail([{ path: "", message: `expected an object with apiVersion, kind and metadata, got ${describeValue(raw)}` }]);
  }
  const issues: FieldIssue[] = [];
  const info = checkHeader(raw, issues);
  const custom = info && !KIND_SCHEMAS[info.kind] ? customKind(info.kind) : undefined;
  if (custom) {
    if (issues.length > 0) return fail(issues);
    const checked = validateCustom(raw, custom, strict);
    if (!checked.object) return fail(checked.issues);
    return { object: applyDefaults(checked.object, custom), warnings: checked.warnings };
  }
  const schema = info && KIND_SCHEMAS[info.kind];
  if (!info || !schema) return fail(issues);

  const scan = scanFields(schema, raw);
  issues.push(...scan.unknown.map((u) => ({ path: formatPath(u.path), message: u.message })));
  const ignored = scan.unsupported.map(formatPath);
  if (strict) issues.push(...ignored.map((path) => ({ path, message: "not supported by skiff (strict mode)" })));

  // zod drops the fields it does not declare, so the unsupported ones leave the object here.
  const result = schema.safeParse(raw, { error: errorMap });
  if (!result.success) issues.push(...fieldIssues(result.error.issues));
  if (issues.length > 0 || !result.success) return fail(issues);

  const object = applyDefaults(result.data as ApiObject, info);
  return { object, warnings: strict ? [] : ignored.map((path) => `${path}: not supported by skiff, ignored`) };
}

/**
 * Check `raw` (parsed YAML or JSON, or an object built in code) and return it typed and
 * defaulted, with warnings for ignored fields. Throws ValidationError listing every issue.
 */
export function validateObject(raw: unknown, options: ValidateOptions = {}): Validated {
  const { strict = false, source } = options;
  try {
    return validate(raw, strict, source);
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    // A bug or a hostile input (a throwing getter, a Proxy): still a ValidationError for callers.
    const why = e instanceof Error ? e.message : String(e);
    throw new ValidationError([{ path: "", message: `could not validate this object: ${why}` }], { source, cause: e });
  }
}
