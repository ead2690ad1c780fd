// A mutating webhook's JSONPatch applied to the object under review (RFC 6902, by
// fast-json-patch). A patch may change what the user may change, never which object it is.
import fastJsonPatch from "fast-json-patch";
import type { ApiObject } from "@skiff/api";
import { BadResponseError } from "./review.js";

const { applyPatch, deepClone } = fastJsonPatch;

/** The object with `patch` applied; the input is left as it was. */
export function applyWebhookPatch(object: ApiObject, patch: unknown[]): ApiObject {
  let patched: ApiObject;
  try {
    // validate=true: a malformed operation or a path that is not there fails instead of guessing.
    patched = applyPatch(deepClone(object) as ApiObject, patch as fastJsonPatch.Operation[], true, true).newDocument;
  } catch (err) {
    throw new BadResponseError(`JSONPatch failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  }
  for (const [what, before, after] of [
    ["apiVersion", object.apiVersion, patched?.apiVersion],
    ["kind", object.kind, patched?.kind],
    ["metadata.name", object.metadata.name, patched?.metadata?.name],
    ["metadata.namespace", object.metadata.namespace, patched?.metadata?.namespace],
  ] as const) {
    if (before !== after) throw new BadResponseError(`the patch may not change ${what} (from ${JSON.stringify(before)} to ${JSON.stringify(after)})`);
  }
  return patched;
}
