// The JSON helpers of the patch formats, which live in @skiff/api (the CLI patches too).
export { clone, deepEqual, describePath, isObject, type JsonObject } from "@skiff/api";
