// The simple dotted paths of a CRD's scale subresource (`.spec.replicas`, `.status.readyReplicas`):
// read a value there, or write one (copying along the path). Used by both edges' scale and the SDK's.

export function splitFieldPath(path: string): string[] {
  return path.replace(/^\./, "").split(".");
}

export function valueAtPath(o: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((v, k) => (typeof v === "object" && v !== null ? (v as Record<string, unknown>)[k] : undefined), o);
}

export function withValueAtPath<T extends object>(o: T, path: readonly string[], value: unknown): T {
  const [head, ...rest] = path;
  if (head === undefined) return o;
  const child = (o as Record<string, unknown>)[head];
  return { ...o, [head]: rest.length === 0 ? value : withValueAtPath(typeof child === "object" && child !== null ? child : {}, rest, value) };
}
