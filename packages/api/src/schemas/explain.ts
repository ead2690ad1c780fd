// What `skiff explain KIND[.field...]` shows, read from the kinds' zod schemas: the type of a
// field, whether it is required, its description when the schema has one (`.describe()`), and the
// fields of an object type. The names of object types are kobject's (`PodSpec`, `Container`).
import type { z } from "zod";
import { objectTypes } from "./fields.js";
import { KIND_SCHEMAS } from "./index.js";

export interface FieldDoc {
  name: string;
  /** kubectl's spelling: `string`, `integer`, `boolean`, `[]Container`, `map[string]string`, `PodSpec`. */
  type: string;
  required: boolean;
  description?: string;
}

export interface Explained extends FieldDoc {
  /** The fields, when the type is an object (or a list of objects). */
  fields: FieldDoc[];
}

// zod 4 keeps what a schema is in `_zod.def`; only what explain needs is read.
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
}
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Through optional, default, nullable and transforms, to the schema that says what the value is. */
function unwrap(s: z.ZodType): { schema: z.ZodType; optional: boolean } {
  let optional = false;
  for (;;) {
    const def = defOf(s);
    if (def.type === "optional" || def.type === "default" || def.type === "prefault") optional = true;
    if ((def.type === "optional" || def.type === "default" || def.type === "prefault" || def.type === "nullable") && def.innerType) s = def.innerType;
    else if (def.type === "pipe" && def.in) s = def.in;
    else return { schema: s, optional };
  }
}

function typeName(s: z.ZodType): string {
  const { schema } = unwrap(s);
  const def = defOf(schema);
  switch (def.type) {
    case "object":
      return objectTypes.get(schema) ?? "Object";
    case "array":
      return `[]${def.element ? typeName(def.element) : "Object"}`;
    case "record":
      return `map[string]${def.valueType ? typeName(def.valueType) : "string"}`;
    case "number":
      // Kubernetes objects count in integers; skiff's numbers are integers checked by refinements.
      return "integer";
    case "union": {
      const kinds = (def.options ?? []).map((o) => defOf(o).type).sort().join(",");
      return kinds === "number,string" ? "IntOrString" : "Object";
    }
    case "string":
    case "boolean":
      return def.type;
    case "enum":
    case "literal":
      return "string";
    default:
      return "Object";
  }
}

function describe(s: z.ZodType): string | undefined {
  for (let cur: z.ZodType | undefined = s; cur; ) {
    if (cur.description) return cur.description;
    const def = defOf(cur);
    cur = def.innerType ?? def.in;
  }
  return undefined;
}

/** The fields of an object schema (through lists and maps of objects). */
function fieldsOf(s: z.ZodType): Record<string, z.ZodType> | undefined {
  const { schema } = unwrap(s);
  const def = defOf(schema);
  if (def.type === "object") return def.shape;
  if (def.type === "array" && def.element) return fieldsOf(def.element);
  if (def.type === "record" && def.valueType) return fieldsOf(def.valueType);
  return undefined;
}

function doc(name: string, s: z.ZodType): FieldDoc {
  const description = describe(s);
  // Every kind's schema takes apiVersion and kind as they come (the manifest reader checks them).
  const type = name === "apiVersion" || name === "kind" ? "string" : typeName(s);
  return { name, type, required: !unwrap(s).optional, ...(description ? { description } : {}) };
}

/**
 * The documentation of `kind` (`path` empty) or of one of its fields (`["spec", "containers"]`).
 * Undefined for a kind without a schema; a field that does not exist is named in the error.
 */
export function explainField(kind: string, path: readonly string[]): Explained | undefined {
  const root = KIND_SCHEMAS[kind];
  if (!root) return undefined;
  let current: z.ZodType = root;
  let name = kind;
  for (const [i, field] of path.entries()) {
    const shape = fieldsOf(current);
    const next = shape && Object.hasOwn(shape, field) ? shape[field] : undefined;
    if (!next) throw new FieldNotFoundError(`field "${field}" does not exist`, [kind, ...path.slice(0, i + 1)].join("."));
    current = next;
    name = field;
  }
  const shape = fieldsOf(current) ?? {};
  const top = doc(name, current);
  return { ...top, ...(path.length === 0 ? { type: kind, required: false } : {}), fields: Object.entries(shape).map(([n, s]) => doc(n, s)) };
}

export class FieldNotFoundError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = "FieldNotFoundError";
  }
}
