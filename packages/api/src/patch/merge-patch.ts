// JSON merge patch (RFC 7386), `application/merge-patch+json`: what `kubectl scale`, `label`,
// `annotate` and `patch --type merge` send. Objects merge key by key, `null` deletes a key,
// and anything else (lists included) replaces the value whole.
import { clone, isObject } from "./json.js";

/** `target` with `patch` merged in; neither argument is changed. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  return merge(clone(target), clone(patch));
}

function merge(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result = isObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = merge(result[key], value);
  }
  return result;
}
