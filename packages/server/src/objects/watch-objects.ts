// A watch of the API: `kind` (or all kinds) after a revision; with no revision, the current
// objects come first as ADDED, as a Kubernetes list-then-watch.
import { ValidationError, parseSelector } from "@skiff/api";
import type { Store, WatchEvent } from "@skiff/store";
import { RANGE_ALLOCATION_KIND } from "./allocation-record.js";
import type { ListQuery } from "./object-options.js";
import { resolveKind, scopedNamespace } from "./request-checks.js";

export async function* watchObjects(store: Store, query: Partial<ListQuery> & { fromRevision?: number; signal?: AbortSignal }): AsyncGenerator<WatchEvent> {
  const kind = query.kind ? resolveKind(query.kind) : undefined;
  const selector = query.labelSelector ? parseSelector(query.labelSelector) : undefined;
  const namespace = kind ? scopedNamespace(kind, query.namespace) : query.namespace || undefined;
  let from = query.fromRevision;
  if (from === undefined) {
    if (!kind) throw new ValidationError([{ path: "kind", message: "required when watching without a resourceVersion" }]);
    const listed = await store.list(kind, { namespace, selector });
    for (const object of listed.items) yield { type: "ADDED", object, revision: listed.revision };
    from = listed.revision;
  }
  for await (const ev of store.watch({ kind, namespace, selector, fromRevision: from, signal: query.signal })) {
    // The allocation records are the server's own bookkeeping, not objects of the API.
    if (ev.object.kind !== RANGE_ALLOCATION_KIND) yield ev;
  }
}
