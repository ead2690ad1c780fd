// One object's successive states: its state now, then each new version as the watch reports it.
// The building block of "wait until": `rollout status`, or a script waiting for a pod to run.
import { NotFoundError, type ApiObject } from "@skiff/api";
import type { SkiffClient } from "./client.js";

export interface FollowOptions {
  /** Omitted: "default". */
  namespace?: string;
  /** Abort to stop following; the loop then ends normally. */
  signal?: AbortSignal;
}

/**
 * Yield the object as it is now, then after every change (watching from the revision it was read
 * at, so nothing is missed). Ends with a NotFoundError when the object is deleted. Breaking out of
 * the loop, or aborting the signal, cancels the watch.
 */
export async function* followObject<T extends ApiObject>(client: SkiffClient, kind: string, name: string, options: FollowOptions = {}): AsyncGenerator<T, void, undefined> {
  const obj = await client.get<T>(kind, name, options.namespace);
  yield obj;
  const namespace = obj.metadata.namespace ?? "";
  const events = client.watch<T>(kind, { namespace, resourceVersion: obj.metadata.resourceVersion, signal: options.signal });
  for await (const ev of events) {
    if (!ev.object || ev.object.metadata.name !== name) continue;
    if (ev.type === "DELETED") throw new NotFoundError(`${kind} "${name}" was deleted`);
    yield ev.object;
  }
}
