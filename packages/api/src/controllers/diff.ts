// What changed between the cache and a fresh list. After a watch expires the informer re-lists,
// and everything that happened while it was not watching (adds, updates, deletes) must still reach
// the handlers, or a controller would wait forever for an event it already missed. Pure.
import type { ApiObject } from "../meta.js";
import { keyOf as objectKey } from "./keys.js";

export interface CacheDiff<T> {
  added: T[];
  /** Objects whose resourceVersion moved: [as cached, as listed]. */
  updated: [T, T][];
  /** Cached objects the list no longer has, in their last known state. */
  deleted: T[];
}

/** What diffCache reads of a cache: a Map, or an informer's IndexedCache. */
export interface CacheEntries<T> {
  get(key: string): T | undefined;
  entries(): Iterable<[string, T]>;
}

export function diffCache<T extends ApiObject>(cache: CacheEntries<T>, listed: readonly T[]): CacheDiff<T> {
  const diff: CacheDiff<T> = { added: [], updated: [], deleted: [] };
  const seen = new Set<string>();
  for (const obj of listed) {
    const key = objectKey(obj);
    seen.add(key);
    const cached = cache.get(key);
    if (!cached) diff.added.push(obj);
    // Every write stamps a new resourceVersion, so equal versions mean the same object.
    else if (cached.metadata.resourceVersion !== obj.metadata.resourceVersion) diff.updated.push([cached, obj]);
  }
  for (const [key, cached] of cache.entries()) if (!seen.has(key)) diff.deleted.push(cached);
  return diff;
}
