// The few JSON helpers every patch format needs. Patches work on plain JSON values (what
// JSON.parse or the yaml package returns), so structural equality and cloning are enough.

export type JsonObject = Record<string, unknown>;

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Structural equality of JSON values; the order of an object's keys does not matter. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}

/** A deep copy, so that a patch never changes the object the caller read from the store. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** `spec.template.spec.containers` for messages; the root is "the object". */
export function describePath(path: readonly string[]): string {
  return path.length === 0 ? "the object" : path.join(".");
}
