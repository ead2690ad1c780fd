// Field paths in messages, written the way a person points into a manifest:
// `spec.template.spec.containers[0].image`, and `metadata.labels["app.kubernetes.io/name"]` for
// keys that are not plain identifiers.

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function formatPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (typeof s === "string" && IDENTIFIER.test(s)) out += out === "" ? s : `.${s}`;
    else out += `[${JSON.stringify(String(s).length > 60 ? `${String(s).slice(0, 60)}…` : String(s))}]`;
  }
  return out;
}

/** Join a relative path (from a nested check) onto a prefix. */
export function joinPath(prefix: string, rest: string): string {
  if (prefix === "") return rest;
  if (rest === "") return prefix;
  return rest.startsWith("[") ? `${prefix}${rest}` : `${prefix}.${rest}`;
}
