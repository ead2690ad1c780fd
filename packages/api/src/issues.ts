// Turning zod's issues into skiff's: a field path and a short message a person can act on
// (`required`, `expected string, got number`, `must be one of "TCP", "UDP", got "tcp"`).
import type { z } from "zod";
import type { FieldIssue } from "./errors.js";
import { formatPath } from "./paths.js";

/** The JSON type of a value, as messages name it: `null`, `array`, `object`, `number`… */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** A value for a message, shortened so a 10 MB string does not become a 10 MB message. */
export function quote(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  // Objects may have no prototype (and so no toString): name their type instead.
  return describeValue(v);
}

const EXPECTED: Record<string, string> = { record: "object", int: "integer", map: "object" };

/**
 * The parse-wide error map: used for every issue a schema did not word itself.
 * Returning undefined falls back to zod's own wording.
 */
export const errorMap: z.core.$ZodErrorMap = (iss) => {
  if (iss.input === undefined && (iss.code === "invalid_type" || iss.code === "invalid_value" || iss.code === "invalid_union")) {
    return "required";
  }
  switch (iss.code) {
    case "invalid_type":
      return `expected ${EXPECTED[iss.expected] ?? iss.expected}, got ${describeValue(iss.input)}`;
    case "invalid_value":
      return `must be one of ${iss.values.map((v) => JSON.stringify(v)).join(", ")}, got ${quote(iss.input)}`;
    case "invalid_union":
      return `expected one of several types, got ${describeValue(iss.input)}`;
    default:
      return undefined;
  }
};

/** zod's final issues as skiff's FieldIssues, in order, without exact duplicates. */
export function fieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  const out: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const i of issues) {
    const f = { path: formatPath(i.path), message: i.message };
    const key = `${f.path}\u0000${f.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(f);
    }
  }
  return out;
}
