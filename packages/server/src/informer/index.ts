// The informer: a cached, watched copy of one kind, the read side of every control loop.
export { Informer } from "./informer.js";
export type { InformerOptions } from "./informer.js";
export type { InformerHandlers } from "./handlers.js";
export { objectKey } from "./keys.js";
export { diffCache } from "./diff.js";
export type { CacheDiff, CacheEntries } from "./diff.js";
export { IndexedCache } from "./indexed-cache.js";
export type { IndexFunc, Indexers } from "./indexed-cache.js";
export {
  LABEL_INDEX,
  NAMESPACE_INDEX,
  NODE_INDEX,
  OWNER_REF_INDEX,
  OWNER_UID_INDEX,
  SELECTOR_INDEX,
  ownerRefValue,
  requiredLabel,
  selectorCandidates,
  selectorOf,
  standardIndexers,
} from "./indexers.js";
export { deepFreeze } from "./freeze.js";
export { INFORMER_BACKOFF } from "./informer.js";
