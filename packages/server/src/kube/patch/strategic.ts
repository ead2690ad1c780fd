// Strategic merge patch lives in @skiff/api (the CLI patches too); here a bad one is a 400.
import { strategicMergePatch as patch, type JsonObject } from "@skiff/api";
import { asBadRequest } from "./errors.js";

export function strategicMergePatch(kind: string, live: JsonObject, p: JsonObject): JsonObject {
  return asBadRequest(() => patch(kind, live, p));
}
