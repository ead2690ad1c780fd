// `--sort-by=.metadata.creationTimestamp`: objects ordered by one field, as kubectl's
// RuntimeSort: numbers as numbers, anything else as text; an object without the field first.
import type { ApiObject } from "@skiff/api";
import { evaluatePath, relaxedPath } from "@skiff/api";

export function sortBy(items: readonly ApiObject[], expression: string): ApiObject[] {
  const path = relaxedPath(expression);
  const keyed = items.map((o) => ({ o, key: evaluatePath(path, o, o)[0] }));
  return keyed.sort((a, b) => compareValues(a.key, b.key)).map((k) => k.o);
}

function compareValues(a: unknown, b: unknown): number {
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = typeof a === "object" ? JSON.stringify(a) : String(a);
  const y = typeof b === "object" ? JSON.stringify(b) : String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
