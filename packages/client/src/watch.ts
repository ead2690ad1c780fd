// A gRPC server stream as an AsyncIterable: `for await (const ev of client.watch(...))`.
// Breaking out of the loop, or aborting the signal, cancels the call on the server.
import { status, type ClientReadableStream, type ServiceError } from "@grpc/grpc-js";
import type { ApiObject } from "@skiff/api";
import type { WatchEvent__Output } from "@skiff/proto";

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
  if (signal?.aborted) return;
  const call = await start();
  // Events arrive by push; the loop pulls. A small queue and one pending waker bridge the two.
  const queue: WatchEvent__Output[] = [];
  let done = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const onAbort = () => call.cancel();
  signal?.addEventListener("abort", onAbort, { once: true });

  call.on("data", (ev: WatchEvent__Output) => {
    queue.push(ev);
    notify();
  });
  call.on("error", (err: ServiceError) => {
    // CANCELLED is what our own cancel() produces: the end the caller asked for, not a failure.
    if (err.code !== status.CANCELLED) failure = mapError(err);
    done = true;
    notify();
  });
  call.on("end", () => {
    done = true;
    notify();
  });

  try {
    for (;;) {
      const ev = queue.shift();
      if (ev) {
        yield {
          type: ev.type as WatchEventType,
          object: ev.objectJson ? (JSON.parse(ev.objectJson) as T) : undefined,
          resourceVersion: ev.resourceVersion,
        };
        continue;
      }
      if (done) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    if (failure !== undefined && !signal?.aborted) throw failure;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    // Reached on break/return from the caller's loop too: stop the server streaming to nobody.
    if (!done) call.cancel();
  }
}
