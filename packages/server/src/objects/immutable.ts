// Fields that may not change once set, as the Kubernetes API refuses them: the data of a
// ConfigMap or Secret marked `immutable: true` (and the mark itself), a Secret's type, and a Job's
// selector, template and completionMode, and a DaemonSet's selector (apps/v1); and a CRD may not
// drop a version its objects may still be stored in (status.storedVersions). Pure.
import { isDeepStrictEqual } from "node:util";
import { ValidationError, type ApiObject, type FieldIssue } from "@skiff/api";

export function checkImmutable(next: ApiObject, existing: ApiObject): void {
  const issues: FieldIssue[] = [];
  const forbid = (path: string, why: string) => issues.push({ path, message: `Forbidden: ${why}` });
  if (next.kind === "ConfigMap" || next.kind === "Secret") {
    if (existing.immutable === true) {
      // Messages name the field only: a Secret's values never appear in an error.
      for (const field of ["data", "binaryData"] as const) {
        if (!isDeepStrictEqual(next[field], existing[field])) forbid(field, "field is immutable when `immutable` is set");
      }
      if (next.immutable !== true) forbid("immutable", "field is immutable when `immutable` is set");
    }
    if (next.kind === "Secret" && existing.type !== undefined && next.type !== existing.type) forbid("type", "field is immutable");
  }
  if (next.kind === "Job") {
    // Kubernetes: a Job's pods are made from one template and counted by one selector.
    const [a, b] = [next.spec as Record<string, unknown>, existing.spec as Record<string, unknown>];
    for (const field of ["selector", "template", "completionMode"]) {
      if (!isDeepStrictEqual(a?.[field], b?.[field])) forbid(`spec.${field}`, "field is immutable");
    }
  }
  if (next.kind === "DaemonSet") {
    // apps/v1: the selector decides which pods are the DaemonSet's; changing it would orphan them.
    const [a, b] = [next.spec as Record<string, unknown>, existing.spec as Record<string, unknown>];
    if (!isDeepStrictEqual(a?.selector, b?.selector)) forbid("spec.selector", "field is immutable");
  }
  if (next.kind === "CustomResourceDefinition") {
    // apiextensions: objects stored in a version are not rewritten, so that version must stay
    // defined until storedVersions is pruned (after a storage migration).
    const stored = (existing.status as { storedVersions?: string[] } | undefined)?.storedVersions ?? [];
    const defined = new Set(((next.spec as { versions?: { name?: string }[] } | undefined)?.versions ?? []).map((v) => v.name));
    stored.forEach((version, i) => {
      if (!defined.has(version)) issues.push({ path: `status.storedVersions[${i}]`, message: `Invalid value: ${JSON.stringify(version)}: must appear in spec.versions` });
    });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}
