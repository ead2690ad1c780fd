// Cached objects are shared by every reader of an informer, so a reader that changes one changes
// it for everybody, silently, and the next event's "old" object is no longer what was stored.
// Kubernetes' rule is "never mutate the cache"; deepFreeze turns a breach into a TypeError at the
// line that did it (ES modules run in strict mode). It costs one walk over each object as it
// enters the cache, which is why it is an option (tests turn it on, see InformerOptions.freeze).

/** Freeze `value` and everything reachable from it; returns it for convenience. */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}
