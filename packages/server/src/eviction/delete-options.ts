// The deleteOptions of an Eviction sent over gRPC (EvictRequest.delete_options_json): Kubernetes'
// metav1.DeleteOptions as JSON, read into the options ObjectService.delete takes. The REST edge
// reads its bodies with kube/write.ts's deleteOptions instead, as its DELETE verb does.
import { ValidationError, type FieldIssue } from "@skiff/api";
import type { EvictOptions } from "./evict.js";

export function evictOptionsFromJson(json: string): EvictOptions {
  if (json.trim() === "") return {};
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new ValidationError([{ path: "deleteOptions", message: `not valid JSON: ${(err as Error).message}` }]);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ValidationError([{ path: "deleteOptions", message: "expected object" }]);
  const o = raw as { propagationPolicy?: unknown; gracePeriodSeconds?: unknown; preconditions?: { uid?: unknown; resourceVersion?: unknown }; dryRun?: unknown };
  const issues: FieldIssue[] = [];
  const str = (v: unknown, path: string): string | undefined => {
    if (v === undefined || typeof v === "string") return v;
    issues.push({ path, message: `expected string, got ${typeof v}` });
    return undefined;
  };
  const options: EvictOptions = {
    propagationPolicy: str(o.propagationPolicy, "deleteOptions.propagationPolicy"),
    uid: str(o.preconditions?.uid, "deleteOptions.preconditions.uid"),
    resourceVersion: str(o.preconditions?.resourceVersion, "deleteOptions.preconditions.resourceVersion"),
  };
  if (o.gracePeriodSeconds !== undefined && o.gracePeriodSeconds !== null) {
    const g = o.gracePeriodSeconds;
    if (typeof g !== "number" || !Number.isInteger(g) || g < 0) issues.push({ path: "deleteOptions.gracePeriodSeconds", message: `must be a whole number of seconds >= 0, got ${JSON.stringify(g)}` });
    else options.gracePeriodSeconds = g;
  }
  if (o.dryRun !== undefined) {
    if (!Array.isArray(o.dryRun) || o.dryRun.some((d) => d !== "All")) issues.push({ path: "deleteOptions.dryRun", message: `must be [] or ["All"]` });
    else options.dryRun = o.dryRun.length > 0;
  }
  if (issues.length) throw new ValidationError(issues);
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as EvictOptions;
}
