// Strategic merge patch, `application/strategic-merge-patch+json`, as the API server applies it.
// It is JSON merge patch, except that lists with a declared strategy (merge-keys.ts) merge per
// element instead of being replaced, and `$`-directives steer the merge. kubectl sends it for
// client-side apply, edit, patch, cordon, set image and rollout restart.
import { invalidPatch } from "./errors.js";
import { clone, deepEqual, describePath, isObject, type JsonObject } from "./json.js";
import { listStrategy } from "./merge-keys.js";

const PATCH = "$patch"; // replace | merge | delete, in a map or as a list element
const RETAIN_KEYS = "$retainKeys"; // clear the fields of a union not listed
const SET_ORDER = "$setElementOrder/"; // + list name: the order of the merged list
const DELETE_FROM = "$deleteFromPrimitiveList/"; // + list name: values to take out of a set

/** `live` with `patch` merged in; neither argument is changed, and no directive is left in the result. */
export function strategicMergePatch(kind: string, live: JsonObject, patch: JsonObject): JsonObject {
  return mergeMap(kind, clone(live), clone(patch), []) ?? {};
}

/** Merges a patch map into an original map (changed in place; callers pass copies). undefined = delete it. */
function mergeMap(kind: string, original: JsonObject | undefined, patch: JsonObject, path: string[]): JsonObject | undefined {
  const directive = patch[PATCH];
  if (directive === "delete") return undefined;
  if (directive === "replace") return mergeMap(kind, undefined, without(patch, PATCH), path);
  if (directive !== undefined && directive !== "merge") {
    throw invalidPatch(`${describePath(path)}: unknown ${PATCH} directive ${JSON.stringify(directive)}`);
  }
  const result = retainKeys(original ?? {}, patch, path);
  // Deletions from a set come first, so that the same patch may add a value back.
  for (const [key, values] of Object.entries(patch)) {
    if (key.startsWith(DELETE_FROM)) deleteFromList(result, key.slice(DELETE_FROM.length), values, path);
  }
  for (const [key, value] of Object.entries(patch)) {
    if (isDirective(key)) continue;
    const merged = mergeValue(kind, result[key], value, [...path, key]);
    if (merged === undefined) delete result[key];
    else result[key] = merged;
  }
  for (const [key, order] of Object.entries(patch)) {
    if (key.startsWith(SET_ORDER)) setElementOrder(kind, result, key.slice(SET_ORDER.length), order, path);
  }
  return result;
}

function mergeValue(kind: string, original: unknown, value: unknown, path: string[]): unknown {
  if (value === null) return undefined;
  if (isObject(value)) return mergeMap(kind, isObject(original) ? original : undefined, value, path);
  if (Array.isArray(value)) return mergeList(kind, original, value, path);
  return value;
}

/** A list element `{"$patch": "replace"}`: the list in the patch replaces the original one. */
function isReplaceMarker(element: unknown): boolean {
  return isObject(element) && element[PATCH] === "replace" && Object.keys(element).length === 1;
}

function mergeList(kind: string, original: unknown, patch: unknown[], path: string[]): unknown[] {
  const strategy = listStrategy(kind, path);
  const replace = patch.some(isReplaceMarker);
  const items = patch.filter((e) => !isReplaceMarker(e));
  const base = replace || !Array.isArray(original) ? [] : original;
  if (strategy?.mergeKey) return mergeByKey(kind, base, items, strategy.mergeKey, path);
  if (strategy?.primitiveMerge) return union(base, items);
  return items.map(withoutDirectives); // atomic: the patch's list, as sent
}

/** Elements matched on the merge key are merged, new ones appended, `$patch: delete` ones removed. */
function mergeByKey(kind: string, base: unknown[], patch: unknown[], mergeKey: string, path: string[]): unknown[] {
  let result = [...base];
  for (const element of patch) {
    if (!isObject(element) || element[mergeKey] === undefined) {
      throw invalidPatch(`${describePath(path)}: every element must be an object with the merge key "${mergeKey}", got ${JSON.stringify(element)}`);
    }
    const same = (item: unknown) => isObject(item) && deepEqual(item[mergeKey], element[mergeKey]);
    if (element[PATCH] === "delete") {
      result = result.filter((item) => !same(item));
      continue;
    }
    const i = result.findIndex(same);
    const merged = mergeMap(kind, i >= 0 ? (result[i] as JsonObject) : undefined, element, path) ?? {};
    if (i >= 0) result[i] = merged;
    else result.push(merged);
  }
  return result;
}

/** A set merge that keeps order: the original's values, then new ones; duplicates dropped. */
function union(base: unknown[], patch: unknown[]): unknown[] {
  const result: unknown[] = [];
  for (const value of [...base, ...patch]) if (!result.some((v) => deepEqual(v, value))) result.push(value);
  return result;
}

/** The original without the fields `$retainKeys` does not name; the patch may set only named ones. */
function retainKeys(original: JsonObject, patch: JsonObject, path: string[]): JsonObject {
  const keys = patch[RETAIN_KEYS];
  if (keys === undefined) return original;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === "string")) {
    throw invalidPatch(`${describePath(path)}: ${RETAIN_KEYS} must be a list of field names`);
  }
  const stray = Object.keys(patch).find((k) => !isDirective(k) && patch[k] !== null && !keys.includes(k));
  if (stray) throw invalidPatch(`${describePath(path)}: the patch sets "${stray}", which ${RETAIN_KEYS} does not name`);
  return Object.fromEntries(Object.entries(original).filter(([k]) => keys.includes(k)));
}

function deleteFromList(result: JsonObject, field: string, values: unknown, path: string[]): void {
  if (!Array.isArray(values)) throw invalidPatch(`${describePath([...path, field])}: ${DELETE_FROM}${field} must be a list`);
  const list = result[field];
  if (Array.isArray(list)) result[field] = list.filter((item) => !values.some((v) => deepEqual(v, item)));
}

/**
 * Reorders a merged list as `order` says (merge-key maps for a keyed list, values for a set).
 * Elements the order does not name (added by the server, say) follow, in their relative order.
 */
function setElementOrder(kind: string, result: JsonObject, field: string, order: unknown, path: string[]): void {
  if (!Array.isArray(order)) throw invalidPatch(`${describePath([...path, field])}: ${SET_ORDER}${field} must be a list`);
  const list = result[field];
  if (!Array.isArray(list)) return;
  const mergeKey = listStrategy(kind, [...path, field])?.mergeKey;
  const keyOf = (v: unknown) => (mergeKey === undefined ? v : isObject(v) ? v[mergeKey] : undefined);
  const keys = union([], order.map(keyOf));
  const named = (item: unknown) => keys.some((k) => deepEqual(k, keyOf(item)));
  const inOrder = keys.flatMap((k) => list.filter((item) => deepEqual(k, keyOf(item))));
  result[field] = [...inOrder, ...list.filter((item) => !named(item))];
}

function isDirective(key: string): boolean {
  return key === PATCH || key === RETAIN_KEYS || key.startsWith(SET_ORDER) || key.startsWith(DELETE_FROM);
}

// Nothing merges inside an atomic list, but its maps may still carry directives: drop them.
function withoutDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDirectives);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !isDirective(k)).map(([k, v]) => [k, withoutDirectives(v)]));
}

function without(map: JsonObject, key: string): JsonObject {
  const { [key]: _dropped, ...rest } = map;
  return rest;
}
