// Find the fields zod would silently drop: walk the input alongside the schema and sort each
// field the schema does not declare into "Kubernetes has it, skiff does not" (unsupported.ts) or
// "not Kubernetes at all" (an error, with a suggestion when it looks like a typo).
import type { z } from "zod";
import type { PathSegment } from "../paths.js";
import { closest } from "../suggest.js";
import { isRecord, objectTypes } from "./fields.js";
import { UNSUPPORTED_FIELDS } from "./unsupported.js";

export interface ScanResult {
  /** Known Kubernetes fields skiff ignores. */
  unsupported: PathSegment[][];
  /** Fields that are not Kubernetes, with their message. */
  unknown: { path: PathSegment[]; message: string }[];
}

/** The parts of zod's definitions the walk needs (zod 4 keeps them in `_zod.def`). */
interface Def {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

const defOf = (s: z.core.$ZodType): Def => s._zod.def as unknown as Def;

/** Look through optional(), default(), transforms… to the schema that says what the value is. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let s = schema;
  for (;;) {
    const d = defOf(s);
    if (WRAPPERS.has(d.type) && d.innerType) s = d.innerType;
    else if (d.type === "pipe" && d.in) s = d.in;
    else return s;
  }
}

function walk(schema: z.core.$ZodType, value: unknown, path: PathSegment[], out: ScanResult): void {
  const s = unwrap(schema);
  const d = defOf(s);
  if (d.type === "object" && d.shape && isRecord(value)) {
    const shape = d.shape;
    const unsupported = UNSUPPORTED_FIELDS[objectTypes.get(s as z.ZodType) ?? ""] ?? [];
    for (const key of Object.keys(value)) {
      const child = Object.hasOwn(shape, key) ? shape[key] : undefined;
      if (child) walk(child, value[key], [...path, key], out);
      else if (unsupported.includes(key)) out.unsupported.push([...path, key]);
      else {
        const guess = closest(key, [...Object.keys(shape), ...unsupported]);
        out.unknown.push({ path: [...path, key], message: guess ? `unknown field, did you mean "${guess}"?` : "unknown field" });
      }
    }
  } else if (d.type === "array" && d.element && Array.isArray(value)) {
    const element = d.element;
    value.forEach((v, i) => walk(element, v, [...path, i], out));
  } else if (d.type === "record" && d.valueType && isRecord(value)) {
    for (const key of Object.keys(value)) walk(d.valueType, value[key], [...path, key], out);
  }
}

export function scanFields(schema: z.core.$ZodType, value: unknown): ScanResult {
  const out: ScanResult = { unsupported: [], unknown: [] };
  walk(schema, value, [], out);
  return out;
}
