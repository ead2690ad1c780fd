// What one watcher sees of one stored event: its kind, namespace and label selector decide.
//
// Selectors follow the Kubernetes watch cache: an update that moves an object INTO the selection
// is delivered as ADDED, one that moves it OUT as DELETED (carrying the new object), so a watcher
// can keep an exact copy of its selection without ever re-listing.
import type { StoredEvent } from "./history.js";
import { nodeNameOf } from "./pod-node.js";
import type { WatchEvent, WatchEventType, WatchOptions } from "./types.js";

export type WatchFilter = Pick<WatchOptions, "kind" | "kinds" | "namespace" | "selector" | "node">;

/**
 * The event this watcher should get, or undefined when it is not its business. The object is the
 * stored one, shared by every watcher and frozen (change-feed.ts): read it, never change it.
 */
export function eventFor(stored: StoredEvent, revision: number, filter: WatchFilter): WatchEvent | undefined {
  const { object } = stored;
  if (filter.kind && object.kind !== filter.kind) return undefined;
  if (filter.kinds && !filter.kinds.includes(object.kind)) return undefined;
  if (filter.namespace && (object.metadata.namespace ?? "") !== filter.namespace) return undefined;
  if (filter.node && object.kind === "Pod" && nodeNameOf(object) !== filter.node && stored.prevNodeName !== filter.node) return undefined;
  const type = typeForSelector(stored, filter);
  if (!type) return undefined;
  return { type, object, revision };
}

function typeForSelector(stored: StoredEvent, { selector }: WatchFilter): WatchEventType | undefined {
  if (!selector) return stored.type;
  const matchesNow = selector.matches(stored.object.metadata.labels);
  if (stored.type !== "MODIFIED") return matchesNow ? stored.type : undefined;
  const matchedBefore = selector.matches(stored.prevLabels);
  if (matchedBefore && matchesNow) return "MODIFIED";
  if (matchesNow) return "ADDED";
  if (matchedBefore) return "DELETED";
  return undefined;
}
