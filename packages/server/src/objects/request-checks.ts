// The checks every request goes through before it touches the store: each document valid and
// within the size limit, no object twice in one apply, a kind and namespace that exist. Pure.
import {
  ValidationError,
  describeRef,
  kindInfo,
  lookupKind,
  refOf,
  validateObject,
  type ApiObject,
  type FieldIssue,
  type ObjectRef,
} from "@skiff/api";
import { DEFAULT_LIMITS, objectSizeIssue } from "./limits.js";

export function validateAll(raws: unknown[], strict: boolean): { object: ApiObject; warnings: string[] }[] {
  const issues: FieldIssue[] = [];
  const out: { object: ApiObject; warnings: string[] }[] = [];
  raws.forEach((raw, i) => {
    const source = raws.length > 1 ? `document ${i + 1}` : "";
    try {
      const v = validateObject(raw, { strict, source });
      const tooBig = objectSizeIssue(v.object, DEFAULT_LIMITS);
      if (tooBig) issues.push({ path: "", source, message: tooBig });
      out.push(v);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      for (const issue of err.issues) issues.push({ ...issue, source: issue.source || source || undefined });
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return out;
}

/** One object, as Create and Update take it: valid and within the size limit. */
export function validateOne(raw: unknown): { object: ApiObject; warnings: string[] } {
  const v = validateObject(raw);
  const tooBig = objectSizeIssue(v.object, DEFAULT_LIMITS);
  if (tooBig) throw new ValidationError([{ path: "", message: tooBig }]);
  return v;
}

export function rejectDuplicates(objects: ApiObject[]): void {
  const seen = new Set<string>();
  for (const o of objects) {
    const key = describeRef(refOf(o));
    if (seen.has(key)) throw new ValidationError([{ path: "", message: `${key} appears twice in one apply` }]);
    seen.add(key);
  }
}

export function userVersioned(validated: { object: ApiObject }[]): boolean {
  return validated.some((v) => v.object.metadata.resourceVersion !== undefined);
}

export function resolveKind(name: string): string {
  const info = kindInfo(name) ?? lookupKind(name);
  if (!info) throw new ValidationError([{ path: "kind", message: `the server doesn't have a resource type "${name}"` }]);
  return info.kind;
}

export function scopedNamespace(kind: string, namespace: string | undefined): string | undefined {
  return kindInfo(kind)?.namespaced ? namespace || undefined : undefined;
}

export function resolveRef(ref: ObjectRef): ObjectRef {
  const kind = resolveKind(ref.kind);
  const namespaced = kindInfo(kind)?.namespaced ?? false;
  return { kind, name: ref.name, namespace: namespaced ? ref.namespace || "default" : undefined };
}

export { namespacedKinds } from "@skiff/api";
