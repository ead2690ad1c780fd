// Go-style durations as Kubernetes and its tools write them: "500ms", "2s", "1m30s", "1h".
import { ValidationError } from "./errors.js";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds in `text`; a bare number is seconds. Throws ValidationError naming `what`. */
export function parseDuration(text: string, what = "duration"): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== t) {
    throw new ValidationError([{ path: what, message: `"${text}" is not a duration (examples: 500ms, 2s, 1m30s)` }]);
  }
  return Math.round(parts.reduce((ms, p) => ms + Number(p[1]) * (UNITS[p[2] ?? "s"] ?? 0), 0));
}
