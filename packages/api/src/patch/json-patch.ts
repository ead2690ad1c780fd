// JSON patch (RFC 6902), `application/json-patch+json`: a list of operations on JSON pointers,
// applied in order, all or nothing. `kubectl rollout undo deployment` and client-node send it.
// fast-json-patch does the work; this file turns its errors into a 400 that names the operation.
import jsonpatch from "fast-json-patch";
import type { Operation } from "fast-json-patch";
import { invalidPatch } from "./errors.js";
import { clone, isObject, type JsonObject } from "./json.js";

// Why an operation was refused, in words, by fast-json-patch's error name.
const REASONS: Record<string, string> = {
  OPERATION_NOT_AN_OBJECT: "an operation must be a JSON object",
  OPERATION_OP_INVALID: `"op" must be one of add, remove, replace, move, copy, test`,
  OPERATION_PATH_INVALID: `"path" must be a JSON pointer: "" or a string starting with "/"`,
  OPERATION_FROM_REQUIRED: `"from" is required for move and copy`,
  OPERATION_VALUE_REQUIRED: `"value" is required for add, replace and test`,
  OPERATION_VALUE_CANNOT_CONTAIN_UNDEFINED: `"value" is required for add, replace and test`,
  OPERATION_PATH_CANNOT_ADD: "the parent of the path does not exist",
  OPERATION_PATH_UNRESOLVABLE: "the path does not exist",
  OPERATION_FROM_UNRESOLVABLE: `the "from" path does not exist`,
  OPERATION_PATH_ILLEGAL_ARRAY_INDEX: "an array index must be a number or -",
  OPERATION_VALUE_OUT_OF_BOUNDS: "the array index is past the end of the array",
};

/** `live` with the operations applied; `live` is not changed. The result must still be an object. */
export function jsonPatch(live: JsonObject, operations: unknown): JsonObject {
  if (!Array.isArray(operations)) throw invalidPatch("a JSON patch must be a JSON array of operations");
  let doc: unknown = clone(live);
  // One operation at a time: fast-json-patch's own loop reports every validation error as index 0.
  operations.forEach((raw, index) => {
    const op = clone(raw) as Operation;
    try {
      doc = jsonpatch.applyOperation(doc, op, true, true, true, index).newDocument;
    } catch (err) {
      throw invalidPatch(`json patch operation ${index} (${describe(raw)}): ${reason(err, doc, raw)}`, err);
    }
  });
  if (!isObject(doc)) throw invalidPatch("the JSON patch would leave something other than an object");
  return doc;
}

/** `replace /spec/replicas`, or the raw operation when it has no op and path. */
function describe(op: unknown): string {
  if (!isObject(op) || typeof op.op !== "string" || typeof op.path !== "string") return brief(op);
  return `${op.op} ${op.path === "" ? '""' : op.path}`;
}

function reason(err: unknown, doc: unknown, op: unknown): string {
  if (!(err instanceof jsonpatch.JsonPatchError)) return err instanceof Error ? err.message : String(err);
  if (err.name === "TEST_OPERATION_FAILED" && isObject(op) && typeof op.path === "string") {
    return `test failed: the value is ${brief(valueAt(doc, op.path))}, not ${brief(op.value)}`;
  }
  return REASONS[err.name] ?? err.message;
}

function valueAt(doc: unknown, pointer: string): unknown {
  try {
    return jsonpatch.getValueByPointer(doc, pointer);
  } catch {
    return undefined;
  }
}

/** A value for a message, cut short: a test op may carry a whole pod spec. */
function brief(value: unknown): string {
  const text = value === undefined ? "absent" : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
