// A gRPC server stream as an AsyncIterable of its messages: the plumbing under `watch` and `logs`.
// Breaking out of the loop, or aborting the signal, cancels the call on the server.
import { status, type ClientReadableStream, type ServiceError } from "@grpc/grpc-js";

/**
 * Iterate over a stream's messages. `start` opens the call (deferred so nothing is sent until the
 * caller starts iterating); `mapError` turns a gRPC status into a named error. Aborting `signal`
 * ends the loop normally, without an error.
 */
export async function* iterateStream<M>(
  start: () => Promise<ClientReadableStream<M>>,
  mapError: (err: unknown) => unknown,
  signal?: AbortSignal,
): AsyncGenerator<M, void, undefined> {
  if (signal?.aborted) return;
  const call = await start();
  // Messages arrive by push; the loop pulls. A small queue and one pending waker bridge the two.
  const queue: M[] = [];
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
  // Aborted while the call was being opened: the listener above will never fire.
  if (signal?.aborted) onAbort();

  call.on("data", (message: M) => {
    queue.push(message);
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
      if (queue.length) {
        yield queue.shift() as M;
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
