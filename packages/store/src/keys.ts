// Where objects live in the key space: `/<kind>/<namespace>/<name>`.
//
// Cluster-scoped kinds keep an empty namespace segment (`/Node//n1`), so every key has exactly
// three segments and a prefix scan is unambiguous: `/Pod/` holds every Pod (never a PodTemplate,
// thanks to the trailing slash), `/Pod/default/` every Pod in `default` (never one in `default2`).
// That only holds if no segment contains a `/`, so storeKey refuses such a segment.
import { ValidationError, type ObjectRef } from "@skiff/api";

/** The key of one object, e.g. `/Pod/default/web` or `/Node//n1`. */
export function storeKey(ref: ObjectRef): string {
  checkSegment("kind", ref.kind, false);
  checkSegment("metadata.namespace", ref.namespace ?? "", true);
  checkSegment("metadata.name", ref.name, false);
  return `/${ref.kind}/${ref.namespace ?? ""}/${ref.name}`;
}

/** The prefix of every key of a kind (all namespaces): `/Pod/`. */
export function kindPrefix(kind: string): string {
  checkSegment("kind", kind, false);
  return `/${kind}/`;
}

/** The prefix of every key of a kind in one namespace: `/Pod/default/`. */
export function namespacePrefix(kind: string, namespace: string): string {
  checkSegment("metadata.namespace", namespace, true);
  return `${kindPrefix(kind)}${namespace}/`;
}

/**
 * Iterator bounds covering exactly the keys that start with `prefix`. Keys are ASCII
 * (names are DNS labels), so U+FFFF sorts after every character that can follow the prefix.
 */
export function prefixRange(prefix: string): { gte: string; lt: string } {
  return { gte: prefix, lt: `${prefix}\uffff` };
}

function checkSegment(path: string, value: string, mayBeEmpty: boolean): void {
  if (value.includes("/")) {
    throw new ValidationError([{ path, message: `must not contain "/" (got ${JSON.stringify(value)})` }]);
  }
  if (!mayBeEmpty && value === "") throw new ValidationError([{ path, message: "must not be empty" }]);
}
