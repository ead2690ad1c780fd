// `limit` and `continue`: a long list in pages, as kubectl (limit=500) and client-go's pagers ask.
// The token names the last object returned; the next page starts after it in key order. Unlike
// the API server, a later page reads the store as it is then, not at the first page's revision
// (skiff keeps no old snapshots to read from): an object written meanwhile may show up on a
// later page, or move behind the cursor and be missed until the next list or watch event.
import type { ApiObject } from "@skiff/api";
import { BadRequestError } from "./errors.js";

export interface Page {
  items: ApiObject[];
  /** Set when more items follow: pass it back as `continue`. */
  continueToken?: string;
  remainingItemCount?: number;
}

const keyOf = (o: ApiObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name}`;

export function page(items: ApiObject[], query: URLSearchParams): Page {
  const limit = parseLimit(query.get("limit"));
  const after = parseContinue(query.get("continue"));
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const start = after === undefined ? sorted : sorted.filter((o) => keyOf(o) > after);
  if (limit === undefined || start.length <= limit) return { items: start };
  const shown = start.slice(0, limit);
  const last = keyOf(shown[shown.length - 1]!);
  return { items: shown, continueToken: Buffer.from(JSON.stringify({ after: last })).toString("base64url"), remainingItemCount: start.length - limit };
}

function parseLimit(raw: string | null): number | undefined {
  if (raw === null || raw === "" || raw === "0") return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new BadRequestError(`limit: "${raw}" is not a whole number`);
  return n;
}

function parseContinue(raw: string | null): string | undefined {
  if (!raw) return undefined;
  try {
    const { after } = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as { after?: unknown };
    if (typeof after === "string") return after;
  } catch {
    // fall through
  }
  throw new BadRequestError("continue key is not valid: it must be a token from a previous list's metadata.continue");
}
