// Cached objects are shared by every reader of an informer, so a reader that changes one changes
// it for everybody, silently, and the next event's "old" object is no longer what was stored.
// Kubernetes' rule is "never mutate the cache"; deepFreeze (@skiff/api) turns a breach into a
// TypeError at the line that did it. The store already hands every watcher the same frozen
// object; `freeze: true` also freezes what a re-list brings (tests turn it on).
export { deepFreeze } from "@skiff/api";
