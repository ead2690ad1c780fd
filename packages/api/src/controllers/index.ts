// The pure half of skiff's controller framework, shared by the server's controllers and by
// operators that run as their own process (@skiff/client's runController).
export { WorkQueue, DEFAULT_RATE_LIMIT, MAX_DELAY_MS, type RateLimit, type WorkQueueMetrics } from "./work-queue.js";
export { IndexedCache, type IndexFunc, type Indexers } from "./indexed-cache.js";
export type { CacheReader, Caches } from "./caches.js";
export { TerminalError, type ControllerShape, type ReconcileResult, type Watch } from "./definition.js";
export { runWorker, type WorkerHooks, type WorkerLog } from "./worker.js";
export { keyOf, splitKey, ownerKeys, NAMESPACE_INDEX, OWNER_UID_INDEX, byNamespace, byOwnerUid } from "./keys.js";
export { applyListed, diffCache, type CacheDiff, type CacheEntries, type CacheEvent, type WritableCache } from "./diff.js";
