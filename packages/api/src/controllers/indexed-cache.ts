// An informer's cache with indexes (client-go's ThreadSafeStore with Indexers): besides
// key -> object, each index maps a value computed from an object (its owners' uids, its node, its
// namespace) to the keys of the objects that have it. A loop that asks "the pods of node n1" or
// "what does uid 42 own" reads one entry instead of walking every object: O(answer), not O(cache).
//
// Every change to the cache goes through set() and delete(), which move the object's index
// entries with it, so the indexes can never disagree with the cache whatever the order of events
// (indexed-cache.property.test.ts checks exactly that). The values each object was filed under
// are remembered, so refiling never depends on the old object being unchanged.
import type { ApiObject } from "../meta.js";

/** The values under which an object is filed in one index (none: it is not in that index). */
export type IndexFunc<T extends ApiObject = ApiObject> = (obj: T) => readonly string[];

export type Indexers<T extends ApiObject = ApiObject> = Record<string, IndexFunc<T>>;

export class IndexedCache<T extends ApiObject = ApiObject> {
  private readonly objects = new Map<string, T>();
  /** index name -> value -> keys of the objects filed under it. */
  private readonly indexes = new Map<string, Index<T>>();

  constructor(indexers: Indexers<T> = {}) {
    this.addIndexers(indexers);
  }

  /** Add indexes; objects already cached are filed at once (O(cache), once per index). */
  addIndexers(indexers: Indexers<T>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexes.has(name)) throw new Error(`index ${JSON.stringify(name)} already exists`);
      const index: Index<T> = { fn, byValue: new Map(), filed: new Map() };
      this.indexes.set(name, index);
      for (const [key, obj] of this.objects) refile(index, key, obj);
    }
  }

  hasIndex(name: string): boolean {
    return this.indexes.has(name);
  }

  get(key: string): T | undefined {
    return this.objects.get(key);
  }

  has(key: string): boolean {
    return this.objects.has(key);
  }

  get size(): number {
    return this.objects.size;
  }

  keys(): IterableIterator<string> {
    return this.objects.keys();
  }

  values(): IterableIterator<T> {
    return this.objects.values();
  }

  entries(): IterableIterator<[string, T]> {
    return this.objects.entries();
  }

  /** Store `obj` under `key`, refiling it in every index (its old values out, its new ones in). */
  set(key: string, obj: T): void {
    this.objects.set(key, obj);
    for (const index of this.indexes.values()) refile(index, key, obj);
  }

  delete(key: string): void {
    if (!this.objects.delete(key)) return;
    for (const index of this.indexes.values()) refile(index, key, undefined);
  }

  /** The keys filed under `value` in index `name` (empty when none). Throws for an unknown index. */
  indexKeys(name: string, value: string): ReadonlySet<string> {
    return this.index(name).get(value) ?? EMPTY;
  }

  /** The objects filed under `value` in index `name`. */
  byIndex(name: string, value: string): T[] {
    const out: T[] = [];
    for (const key of this.indexKeys(name, value)) {
      const obj = this.objects.get(key);
      if (obj) out.push(obj);
    }
    return out;
  }

  /** Every value index `name` has at least one object under (tests, debugging). */
  indexValues(name: string): string[] {
    return [...this.index(name).keys()];
  }

  private index(name: string): Map<string, Set<string>> {
    const index = this.indexes.get(name);
    if (!index) throw new Error(`no index ${JSON.stringify(name)}: add it with addIndexers`);
    return index.byValue;
  }
}

interface Index<T extends ApiObject> {
  fn: IndexFunc<T>;
  /** value -> keys filed under it */
  byValue: Map<string, Set<string>>;
  /** key -> the values it is filed under now */
  filed: Map<string, readonly string[]>;
}

const EMPTY: ReadonlySet<string> = new Set();

/** File `key` under the values of `obj` in `index` (none when undefined), out of its old ones. */
function refile<T extends ApiObject>(index: Index<T>, key: string, obj: T | undefined): void {
  const before = index.filed.get(key) ?? [];
  const after = obj ? [...new Set(index.fn(obj))] : [];
  if (sameValues(before, after)) return;
  unfile(index.byValue, key, before);
  file(index.byValue, key, after);
  if (after.length > 0) index.filed.set(key, after);
  else index.filed.delete(key);
}

function file(byValue: Map<string, Set<string>>, key: string, values: readonly string[]): void {
  for (const value of values) {
    let keys = byValue.get(value);
    if (!keys) byValue.set(value, (keys = new Set()));
    keys.add(key);
  }
}

function unfile(byValue: Map<string, Set<string>>, key: string, values: readonly string[]): void {
  for (const value of values) {
    const keys = byValue.get(value);
    if (!keys) continue;
    keys.delete(key);
    // An empty set would stay forever: values (uids, node names) come and go.
    if (keys.size === 0) byValue.delete(value);
  }
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
