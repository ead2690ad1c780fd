// What an informer tells its users. Handlers run synchronously, in the order of the changes, on
// the informer's own loop: keep them short. The pattern (Kubernetes' controllers, and skiff's)
// is that a handler only notes WHICH object changed (puts its key on a work queue); the worker
// then reads the current state from the cache. That makes the consumer level-triggered: it acts
// on what is, not on the sequence of events that led there, so a missed or merged event is harmless.
import type { ApiObject, CacheEvent } from "@skiff/api";
import type { Logger } from "../log.js";

export interface InformerHandlers<T extends ApiObject = ApiObject> {
  /** A new object (or, for a handler registered late, one that was already cached). */
  onAdd?(obj: T): void;
  /** An object changed; `old` is the state the cache held before. */
  onUpdate?(old: T, obj: T): void;
  /**
   * An object is gone. After a re-list this is its last state the informer knew, which may be
   * older than the state it was deleted in (Kubernetes wraps it in DeletedFinalStateUnknown).
   */
  onDelete?(obj: T): void;
}

export type InformerEvent<T> = CacheEvent<T>;

/** Call every handler; one that throws is logged and does not stop the others or the informer. */
export function dispatch<T extends ApiObject>(
  handlers: Iterable<InformerHandlers<T>>,
  event: InformerEvent<T>,
  log: Logger,
): void {
  for (const h of handlers) {
    try {
      if (event.type === "add") h.onAdd?.(event.obj);
      else if (event.type === "update") h.onUpdate?.(event.old, event.obj);
      else h.onDelete?.(event.obj);
    } catch (err) {
      log.error({ err, event: event.type, name: event.obj.metadata.name }, "informer handler failed");
    }
  }
}
