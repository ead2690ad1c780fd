// @skiff/store: the revisioned object store and its watch, on LevelDB (embedded) or etcd.
export type { Store, ListOptions, ListResult, WriteOp, WatchEvent, WatchEventType, WatchOptions, LabelMatcher } from "./types.js";
export { LevelStore, DEFAULT_HISTORY_SIZE } from "./level-store.js";
export type { LevelStoreOptions } from "./level-store.js";
export { EtcdStore, type EtcdStoreOptions } from "./etcd-store.js";
export { EtcdCompactor, DEFAULT_COMPACTION_INTERVAL_MS, type EtcdCompactorOptions } from "./etcd-compactor.js";
export { DEFAULT_ETCD_PREFIX } from "./etcd-keys.js";
export { DEFAULT_ETCD_LIMITS, type EtcdLimits } from "./etcd-limits.js";
export { commitInChunks, chunkOps, fitsOneCommit, DEFAULT_CHUNK_LIMITS, type ChunkLimits } from "./commit-in-chunks.js";
export { createEtcdClient, type EtcdConnection } from "./etcd-client.js";
export { DEFAULT_HISTORY_WINDOW, type HistoryWindow } from "./history.js";
export { DataDirInUseError, CommitTooLargeError, LeadershipLostError } from "./errors.js";
export { FencedStore, type Fence, type FenceableStore } from "./etcd-fence.js";
export { storeKey, kindPrefix, namespacePrefix } from "./keys.js";
export { EtcdLeaderKey, type EtcdLeaderKeyOptions, type CampaignResult } from "./etcd-leader-key.js";
