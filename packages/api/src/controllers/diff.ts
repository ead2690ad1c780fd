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

/** One change of a cache, as informers deliver it to their handlers. */
export type CacheEvent<T> = { type: "add"; obj: T } | { type: "update"; old: T; obj: T } | { type: "delete"; obj: T };

/** What applyListed writes: a Map, or an informer's IndexedCache. */
export interface WritableCache<T> extends CacheEntries<T> {
  set(key: string, obj: T): unknown;
  delete(key: string): unknown;
}

/**
 * Make the cache hold `listed`, and return the differences as events. The whole cache changes
 * before the caller delivers them, so a handler that reads the cache sees the listed state.
 */
export function applyListed<T extends ApiObject>(cache: WritableCache<T>, listed: readonly T[]): CacheEvent<T>[] {
  const diff = diffCache(cache, listed);
  const events: CacheEvent<T>[] = [];
  for (const obj of diff.deleted) {
    cache.delete(objectKey(obj));
    events.push({ type: "delete", obj });
  }
  for (const obj of diff.added) {
    cache.set(objectKey(obj), obj);
    events.push({ type: "add", obj });
  }
  for (const [old, obj] of diff.updated) {
    cache.set(objectKey(obj), obj);
    events.push({ type: "update", old, obj });
  }
  return events;
}
