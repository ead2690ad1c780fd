// @skiff/store: the revisioned object store and its watch.
export type { Store, ListOptions, ListResult, WriteOp, WatchEvent, WatchEventType, WatchOptions, LabelMatcher } from "./types.js";
export { LevelStore, DEFAULT_HISTORY_SIZE } from "./level-store.js";
export type { LevelStoreOptions } from "./level-store.js";
export { DEFAULT_HISTORY_WINDOW, type HistoryWindow } from "./history.js";
export { DataDirInUseError } from "./errors.js";
export { storeKey, kindPrefix, namespacePrefix } from "./keys.js";
