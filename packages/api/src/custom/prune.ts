// Pruning and defaulting of a custom object by its structural schema, as Kubernetes does before
// validating (apiextensions-apiserver pkg/apiserver/schema/pruning and defaulting): a field the
// schema does not name is dropped (and reported), unless x-kubernetes-preserve-unknown-fields
// keeps it; a field left out gets the schema's default. Pure: works on a copy it returns.
import type { PathSegment } from "../paths.js";
import { isRecord } from "../schemas/fields.js";
import type { JSONSchemaProps } from "../types/apiextensions.js";

export interface Pruned {
  value: Record<string, unknown>;
  /** The paths of the fields dropped, as segments. */
  pruned: PathSegment[][];
}

// The object's own header: never pruned, whatever the schema (metadata is checked as ObjectMeta).
const ROOT_KEEP = new Set(["apiVersion", "kind", "metadata"]);

/** `object` without the fields `schema` does not name, and with its defaults filled in. */
export function pruneAndDefault(object: Record<string, unknown>, schema: JSONSchemaProps): Pruned {
  const pruned: PathSegment[][] = [];
  const value = walk(object, schema, [], pruned, true) as Record<string, unknown>;
  return { value, pruned };
}

function walk(value: unknown, schema: JSONSchemaProps | undefined, path: PathSegment[], pruned: PathSegment[][], root = false): unknown {
  if (!schema) return clone(value);
  if (Array.isArray(value)) return value.map((v, i) => walk(v, schema.items, [...path, i], pruned));
  if (!isRecord(value)) return value;
  const props = isRecord(schema.properties) ? schema.properties : undefined;
  const extra = isRecord(schema.additionalProperties) ? (schema.additionalProperties as JSONSchemaProps) : undefined;
  const preserve = schema["x-kubernetes-preserve-unknown-fields"] === true || schema.additionalProperties === true;
  const embedded = schema["x-kubernetes-embedded-resource"] === true;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const sub = props && Object.hasOwn(props, key) ? props[key] : extra;
    if (ROOT_KEEP.has(key) && (root || (embedded && !sub))) out[key] = clone(v);
    else if (sub) define(out, key, walk(v, sub, [...path, key], pruned));
    else if (preserve) define(out, key, clone(v));
    else pruned.push([...path, key]);
  }
  for (const [key, sub] of Object.entries(props ?? {})) {
    if (out[key] === undefined && isRecord(sub) && sub.default !== undefined) define(out, key, walk(sub.default, sub, [...path, key], []));
  }
  return out;
}

// defineProperty: a key named __proto__ stays a key.
function define(o: Record<string, unknown>, key: string, v: unknown): void {
  Object.defineProperty(o, key, { value: v, enumerable: true, writable: true, configurable: true });
}

function clone(v: unknown): unknown {
  return v === undefined ? undefined : structuredClone(v);
}
