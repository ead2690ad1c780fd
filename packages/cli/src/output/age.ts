// Times as `skiff get` and `describe` print them. AGE (`humanDuration`, `age`) follows kubectl's
// rule, defined once in @skiff/api for the CLI and the REST edge's tables.
export { age, humanDuration } from "@skiff/api";

/** A timestamp as kubectl's describe prints it: RFC 1123 with a numeric zone. */
export function formatTimestamp(ts: string | undefined): string | undefined {
  if (!ts) return undefined;
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? ts : d.toUTCString().replace("GMT", "+0000");
}
