// `-o custom-columns=NAME:.metadata.name,IMAGES:.spec.containers[*].image`: a table whose columns
// are the user's, each a header and a (relaxed) JSONPath read from every object, as kubectl's.
import type { ApiObject } from "@skiff/api";
import { evaluatePath, relaxedPath } from "@skiff/api";
import type { JsonPath as Path } from "@skiff/api";
import { JsonPathError } from "@skiff/api";

export interface CustomColumn {
  header: string;
  path: Path;
}

export function parseCustomColumns(spec: string): CustomColumn[] {
  return spec.split(",").map((part) => {
    const colon = part.indexOf(":");
    if (colon < 0) throw new JsonPathError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, colon), path: relaxedPath(part.slice(colon + 1)) };
  });
}

export function customColumnsRow(obj: ApiObject, columns: CustomColumn[]): string[] {
  return columns.map((c) => {
    const values = evaluatePath(c.path, obj, obj);
    return values.length ? values.map(goText).join(",") : "<none>";
  });
}

/** How Go's `%v` prints a decoded JSON value, which is what kubectl's custom columns show. */
export function goText(value: unknown): string {
  if (value === null || value === undefined) return "<nil>";
  if (Array.isArray(value)) return `[${value.map(goText).join(" ")}]`;
  if (typeof value === "object") {
    const o = value as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goText(o[k])}`)
      .join(" ")}]`;
  }
  return String(value);
}
