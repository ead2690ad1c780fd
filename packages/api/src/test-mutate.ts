// For property tests (validation, admission, the gRPC fuzz): replace the value at a random path
// of a valid object with an arbitrary value. Not built into dist (test-*.ts).
export function mutate(obj: unknown, path: number[], value: unknown): unknown {
  if (path.length === 0 || typeof obj !== "object" || obj === null) return value;
  const keys = Object.keys(obj);
  if (keys.length === 0) return value;
  const [head = 0, ...rest] = path;
  const key = keys[head % keys.length] as string;
  const copy: Record<string, unknown> = Array.isArray(obj) ? ([...obj] as unknown as Record<string, unknown>) : { ...obj };
  copy[key] = mutate((obj as Record<string, unknown>)[key], rest, value);
  return copy;
}
