// RFC 6902 JSON patch lives in @skiff/api (the CLI patches too); here a bad one is a 400.
import { jsonPatch as patch, type JsonObject } from "@skiff/api";
import { asBadRequest } from "./errors.js";

export function jsonPatch(live: JsonObject, operations: unknown): JsonObject {
  return asBadRequest(() => patch(live, operations));
}
