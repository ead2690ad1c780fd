// Reading and removing the value a fieldsV1 path (fields.ts) names in an object: how
// server-side apply compares a manager's value with the live one, and drops what it no longer sets.
import { deepEqual, isObject, type JsonObject } from "./json.js";
import type { FieldPath } from "./fields.js";

/** The value at `path`, or undefined if the object has nothing there. */
export function valueAt(obj: unknown, path: FieldPath): unknown {
  let value: unknown = obj;
  for (const segment of path) {
    if (segment === ".") continue; // the element itself
    value = child(value, segment);
    if (value === undefined) return undefined;
  }
  return value;
}

function child(value: unknown, segment: string): unknown {
  if (segment.startsWith("f:")) return isObject(value) ? value[segment.slice(2)] : undefined;
  if (!Array.isArray(value)) return undefined;
  const match = matcher(segment);
  return match ? value.find(match) : undefined;
}

/** Which list elements a `k:` or `v:` segment names. */
function matcher(segment: string): ((item: unknown) => boolean) | undefined {
  let json: unknown;
  try {
    json = JSON.parse(segment.slice(2));
  } catch {
    return undefined; // not a segment this server writes
  }
  if (segment.startsWith("v:")) return (item) => deepEqual(item, json);
  if (segment.startsWith("k:") && isObject(json)) {
    return (item) => isObject(item) && Object.entries(json).every(([k, v]) => deepEqual(item[k], v));
  }
  return undefined;
}

/** Removes what `path` names from `obj`, in place: a field, a keyed element, a set's value. */
export function removeAt(obj: JsonObject, path: FieldPath): void {
  const target = path[path.length - 1] === "." ? path.slice(0, -1) : path;
  const last = target[target.length - 1];
  if (last === undefined) return;
  const parent = valueAt(obj, target.slice(0, -1));
  if (last.startsWith("f:")) {
    if (isObject(parent)) delete parent[last.slice(2)];
    return;
  }
  const match = matcher(last);
  if (!Array.isArray(parent) || !match) return;
  for (let i = parent.length - 1; i >= 0; i--) if (match(parent[i])) parent.splice(i, 1);
}
