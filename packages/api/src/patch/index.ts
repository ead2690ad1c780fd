// The patch formats of Kubernetes as pure functions over plain JSON: RFC 6902 JSON patch, RFC
// 7386 merge patch and strategic merge patch (lists merged on their merge keys). The REST edge
// applies them to PATCH requests; `skiff patch` applies them client-side before an Update.
import { invalidPatch } from "./errors.js";
import { jsonPatch } from "./json-patch.js";
import { isObject, type JsonObject } from "./json.js";
import { mergePatch } from "./merge-patch.js";
import { strategicMergePatch } from "./strategic.js";

export { InvalidPatchError } from "./errors.js";
export { jsonPatch } from "./json-patch.js";
export { mergePatch } from "./merge-patch.js";
export { strategicMergePatch } from "./strategic.js";
export { listStrategy, type ListStrategy } from "./merge-keys.js";
export { clone, deepEqual, describePath, isObject, type JsonObject } from "./json.js";

export type PatchType = "json" | "merge" | "strategic";

/** `live` patched by a json, merge or strategic patch; `live` is not changed. InvalidPatchError for a malformed patch. */
export function applyPatch(type: PatchType, kind: string, live: JsonObject, patch: unknown): JsonObject {
  if (type === "json") return jsonPatch(live, patch);
  if (!isObject(patch)) throw invalidPatch(`a ${type} patch must be a JSON object, got ${shape(patch)}`);
  if (type === "merge") return mergePatch(live, patch) as JsonObject;
  return strategicMergePatch(kind, live, patch);
}

function shape(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : value === undefined ? "an empty body" : `a ${typeof value}`;
}
