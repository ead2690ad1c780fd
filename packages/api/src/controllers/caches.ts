// What a controller may read of the shared informers: a read-only view of each kind's cache and
// its indexes. `keysFor` gets it to name the keys an event concerns (the ReplicaSets whose
// selector matches a pod, say); a reconcile gets it to read what it needs by index. Nothing here
// registers handlers or starts anything: that is the framework's business.
import type { ApiObject } from "../meta.js";

export interface CacheReader<T extends ApiObject = ApiObject> {
  /** The cached object with this key (`namespace/name`, or `name` for cluster-scoped kinds). Do not mutate. */
  get(key: string): T | undefined;
  /** The cached objects filed under `value` in index `name` (the informer's indexers.ts). Do not mutate. */
  byIndex(name: string, value: string): T[];
  /** Every cached object `filter` accepts: a walk of the whole cache, for start-up, not per event. */
  list(filter?: (obj: T) => boolean): T[];
  hasSynced(): boolean;
}

export interface Caches {
  /** The cache of `kind` (its informer is made, and started, on first use). */
  for<T extends ApiObject = ApiObject>(kind: string): CacheReader<T>;
}
