// The PATCH body formats of the Kubernetes edge, as pure functions: the Content-Type picks
// one, the handler reads the live object, patches it here and writes the result back.
// The formats themselves are @skiff/api's (the CLI's `skiff patch` uses them too).
import { applyPatch as patch, type JsonObject } from "@skiff/api";
import { UnsupportedMediaTypeError } from "../errors.js";
import { asBadRequest } from "./errors.js";

export { serverSideApply, type ApplyRequest } from "./apply.js";
export { ApplyConflictError, type ApplyConflictCause } from "./apply-conflict.js";
export { listStrategy, type ListStrategy } from "./merge-keys.js";
export type { FieldsV1 } from "./fields.js";

export type PatchType = "json" | "merge" | "strategic" | "apply";

const MEDIA_TYPES: Record<string, PatchType> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/apply-patch+yaml": "apply",
  "application/strategic-merge-patch+json": "strategic",
};

/** The patch type a Content-Type names (parameters such as `; charset=utf-8` ignored); else 415. */
export function patchTypeOf(contentType: string): PatchType {
  const type = MEDIA_TYPES[contentType.split(";")[0]!.trim().toLowerCase()];
  if (type) return type;
  throw new UnsupportedMediaTypeError(
    `the body of the request was in an unknown format - accepted media types include: ${Object.keys(MEDIA_TYPES).join(", ")}`,
  );
}

/** `live` patched by a json, merge or strategic patch; `live` is not changed. A malformed patch is a 400. */
export function applyPatch(type: "json" | "merge" | "strategic", kind: string, live: JsonObject, body: unknown): JsonObject {
  return asBadRequest(() => patch(type, kind, live, body));
}
