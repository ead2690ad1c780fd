// An object shared by many readers (a store's watch event, an informer's cache) must not be
// changed by one of them: everybody else would see it change, silently. Freezing it turns such a
// change into a TypeError at the line that tried (ES modules run in strict mode). One walk per
// object, once: cheaper than a copy per reader.

/** Freeze `value` and everything reachable from it; returns it for convenience. */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}
