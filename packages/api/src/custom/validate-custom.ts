// A custom object through the one gate (../validate.ts): its metadata checked as any object's, its
// body pruned and defaulted by the CRD's structural schema (prune.ts), then validated by ajv
// (schema-validator.ts). A field the schema does not name is dropped with a warning, or refused
// under --strict, as skiff's built-in kinds treat fields they do not support.
import type { FieldIssue } from "../errors.js";
import { fieldIssues } from "../issues.js";
import type { ApiObject } from "../meta.js";
import { formatPath, joinPath } from "../paths.js";
import { objectMeta } from "../schemas/meta.js";
import { scanFields } from "../schemas/scan.js";
import { errorMap } from "../issues.js";
import { pruneAndDefault } from "./prune.js";
import type { CustomKind } from "./registry.js";

export interface CustomChecked {
  object?: ApiObject;
  issues: FieldIssue[];
  warnings: string[];
}

/** The version of `kind` an object is sent in: the storage version, or one with the same schema. */
export function versionIssue(kind: CustomKind, apiVersion: string): string | undefined {
  const [group, version = ""] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["", apiVersion];
  const served = [...kind.versions.keys()].map((v) => `${kind.group}/${v}`).join(", ");
  if (group !== kind.group || !kind.versions.has(version)) return `must be one of the served versions of ${kind.kind} (${served}), got "${apiVersion}"`;
  if (!kind.versions.get(version)?.convertible) {
    return `${kind.kind} is stored as ${kind.apiVersion} and "${apiVersion}" has another schema: skiff converts between versions only when their schemas are identical (no conversion webhooks); send it as ${kind.apiVersion}`;
  }
  return undefined;
}

export function validateCustom(raw: Record<string, unknown>, kind: CustomKind, strict: boolean): CustomChecked {
  const issues: FieldIssue[] = [];
  const apiVersion = String(raw.apiVersion);
  const version = kind.versions.get(apiVersion.slice(kind.group.length + 1));
  if (!version) return { issues, warnings: [] };
  const metaSchema = objectMeta(kind.kind, "subdomain", kind.namespaced);
  const scan = scanFields(metaSchema, raw.metadata);
  issues.push(...scan.unknown.map((u) => ({ path: formatPath(["metadata", ...u.path]), message: u.message })));
  const meta = metaSchema.safeParse(raw.metadata, { error: errorMap });
  if (!meta.success) issues.push(...fieldIssues(meta.error.issues).map((i) => ({ ...i, path: joinPath("metadata", i.path) })));

  const { value, pruned } = pruneAndDefault(raw, version.schema);
  issues.push(...version.validate(value));
  const prunedPaths = pruned.map(formatPath);
  if (strict) issues.push(...prunedPaths.map((path) => ({ path, message: `unknown field: not in the schema of ${kind.kind} (strict mode)` })));
  if (issues.length > 0 || !meta.success) return { issues, warnings: [] };
  const object = { ...value, apiVersion: kind.apiVersion, metadata: meta.data } as ApiObject;
  return { object, issues, warnings: strict ? [] : prunedPaths.map((path) => `${path}: unknown field, pruned (not in the schema of ${kind.kind})`) };
}
