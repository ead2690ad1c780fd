// WATCH: newline-delimited JSON events on a chunked response, as the API server sends them.
// Headers go out at once (clients wait for them before they start their informers); a watch
// from a revision the store no longer remembers gets one ERROR event with a 410 Status, so that
// client-go and client-node re-list; bookmarks only when asked, each carrying just a revision.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ExpiredError, type ApiObject } from "@skiff/api";
import type { ObjectService } from "../objects/objects.js";
import { matchesFieldSelector } from "./field-selector.js";
import { BadRequestError } from "./errors.js";
import { flag } from "./http.js";
import { fieldSelectorOf, type Target } from "./read.js";
import { groupVersionString } from "./resources.js";
import { status, toStatus } from "./status.js";
import { includeObjectOf, tableContentType, toTable, wantsTable } from "./table.js";

const BOOKMARK_EVERY_MS = 15_000;

export async function watchObjects(objects: ObjectService, t: Target, req: IncomingMessage, res: ServerResponse, query: URLSearchParams, shutdown: AbortSignal): Promise<void> {
  const fields = fieldSelectorOf(t, query);
  const fromRevision = parseRevision(query.get("resourceVersion"));
  const done = new AbortController();
  const signals = [done.signal, shutdown];
  const timeout = Number(query.get("timeoutSeconds") ?? "");
  if (timeout > 0) signals.push(AbortSignal.timeout(timeout * 1000));
  const signal = AbortSignal.any(signals);
  res.on("close", () => done.abort());
  const asTable = wantsTable(req.headers.accept);
  const includeObject = includeObjectOf(query); // a bad value is a 400, before any header goes out
  res.writeHead(200, { "Content-Type": asTable ? tableContentType : "application/json", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
  res.flushHeaders();
  let headersSent = false;
  const encode = (object: ApiObject): unknown => {
    if (!asTable) return object;
    const table = toTable(t.resource.kind, [object], { includeObject, resourceVersion: object.metadata.resourceVersion, noHeaders: headersSent, now: Date.now() });
    headersSent = true;
    return table;
  };
  const write = (ev: unknown) => res.write(`${JSON.stringify(ev)}\n`);
  let revision = fromRevision ?? 0;
  const bookmarks = flag(query, "allowWatchBookmarks")
    ? setInterval(() => write({ type: "BOOKMARK", object: { kind: t.resource.kind, apiVersion: groupVersionString(t.resource.group, t.resource.version), metadata: { resourceVersion: String(revision) } } }), BOOKMARK_EVERY_MS)
    : undefined;
  // What this watcher has been shown, for field selectors; from a revision, the current matches.
  const selected = new Set<string>();
  try {
    if (fields.length && fromRevision !== undefined) {
      const listed = await objects.list({ kind: t.resource.kind, namespace: t.namespace, labelSelector: query.get("labelSelector") ?? undefined });
      for (const o of listed.items) if (matchesFieldSelector(o, fields)) selected.add(`${o.metadata.namespace ?? ""}/${o.metadata.name}`);
    }
    const events = objects.watch({ kind: t.resource.kind, namespace: t.namespace, labelSelector: query.get("labelSelector") ?? undefined, fromRevision, signal });
    for await (const ev of events) {
      revision = ev.revision;
      let type: string = ev.type;
      if (fields.length) {
        // An object moving into the selection is ADDED for this watcher, one moving out DELETED.
        const key = `${ev.object.metadata.namespace ?? ""}/${ev.object.metadata.name}`;
        const was = selected.has(key);
        const is = ev.type !== "DELETED" && matchesFieldSelector(ev.object, fields);
        if (is) selected.add(key);
        else selected.delete(key);
        if (!was && !is) continue;
        type = !was ? "ADDED" : !is ? "DELETED" : type;
      }
      if (!write({ type, object: encode(ev.object) })) await new Promise((r) => res.once("drain", r));
    }
  } catch (err) {
    if (!signal.aborted) write({ type: "ERROR", object: err instanceof ExpiredError ? status(410, "Expired", err.message) : toStatus(err) });
  } finally {
    clearInterval(bookmarks);
    res.end();
  }
}

function parseRevision(rv: string | null): number | undefined {
  if (rv === null || rv === "" || rv === "0") return undefined;
  const n = Number(rv);
  if (!Number.isSafeInteger(n) || n < 0) throw new BadRequestError(`resourceVersion "${rv}" is not a revision (a whole number)`);
  return n;
}
