// The informer: a cached, watched copy of one kind, the read side of every control loop.
export { Informer } from "./informer.js";
export type { InformerOptions } from "./informer.js";
export type { InformerHandlers } from "./handlers.js";
export { objectKey } from "./keys.js";
export { diffCache } from "./diff.js";
export type { CacheDiff } from "./diff.js";
export { deepFreeze } from "./freeze.js";
export { Backoff, sleep } from "./backoff.js";
export type { BackoffOptions } from "./backoff.js";
