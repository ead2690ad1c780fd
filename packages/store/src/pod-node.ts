// The one field the store reads inside an object: a Pod's node. Node agents watch their own pods
// (WatchOptions.node), so the feed keeps their watches by node and a move tells both nodes.
import type { ApiObject } from "@skiff/api";

/** The node a Pod was bound to, when this write changes it (StoredEvent.prevNodeName). */
export function movedFrom(existing: ApiObject, next: ApiObject): { prevNodeName?: string } {
  if (existing.kind !== "Pod") return {};
  const before = nodeNameOf(existing);
  return before !== undefined && before !== nodeNameOf(next) ? { prevNodeName: before } : {};
}

/** A Pod's spec.nodeName (undefined for other kinds and unbound pods). */
export function nodeNameOf(object: ApiObject): string | undefined {
  if (object.kind !== "Pod") return undefined;
  const name = (object.spec as { nodeName?: unknown } | undefined)?.nodeName;
  return typeof name === "string" && name !== "" ? name : undefined;
}
