// A Watch stream as an AsyncIterable of events: `for await (const ev of client.watch(...))`.
// Breaking out of the loop, or aborting the signal, cancels the call on the server.
import type { ClientReadableStream } from "@grpc/grpc-js";
import type { ApiObject } from "@skiff/api";
import type { WatchEvent__Output } from "@skiff/proto";
import { iterateStream } from "./stream.js";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";

export interface WatchEvent<T extends ApiObject = ApiObject> {
  type: WatchEventType;
  /** The object after the change (for DELETED, its last state). Absent for a BOOKMARK. */
  object?: T;
  resourceVersion: string;
}

/**
 * Iterate over a stream's events. `start` opens the call (deferred so nothing is sent until the
 * caller starts iterating); `mapError` turns a gRPC status into a named error.
 */
export async function* iterateWatch<T extends ApiObject>(
  start: () => Promise<ClientReadableStream<WatchEvent__Output>>,
  mapError: (err: unknown) => unknown,
  signal?: AbortSignal,
): AsyncGenerator<WatchEvent<T>, void, undefined> {
  for await (const message of iterateStream(start, mapError, signal)) {
    // A server that batches sends the events in `batch` (the request asked for that); one that
    // does not sends one event per message.
    for (const ev of message.batch.length > 0 ? message.batch : [message]) {
      yield {
        type: ev.type as WatchEventType,
        object: ev.objectJson ? (JSON.parse(ev.objectJson) as T) : undefined,
        resourceVersion: ev.resourceVersion,
      };
    }
  }
}
