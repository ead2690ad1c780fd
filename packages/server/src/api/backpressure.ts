// A server stream (watch, logs) goes at its client's pace: when the stream's buffer is full, the
// server waits for it to drain before producing more. A client that stops reading would make it
// wait forever, holding the buffered messages and its place in history; so the wait is bounded,
// and the stream ended with "too slow": the client re-lists and watches again.
import { constants as http2 } from "node:http2";
import type { EventEmitter } from "node:events";
import { SkiffError } from "@skiff/api";

/** The client did not read its stream for too long; the server ended it. */
export class StreamTooSlowError extends SkiffError {
  readonly code = "RESOURCE_EXHAUSTED";
}

/**
 * Resolve when `stream` drains or `signal` aborts (the loop then sees the abort); reject with
 * StreamTooSlowError when neither happens within `timeoutMs`.
 */
export function drained(stream: EventEmitter, timeoutMs: number, signal: AbortSignal, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (err?: Error) => {
      clearTimeout(timer);
      stream.off("drain", onDrain);
      signal.removeEventListener("abort", onDrain);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => finish();
    const timer = setTimeout(() => finish(tooSlow(what, timeoutMs)), timeoutMs);
    stream.once("drain", onDrain);
    signal.addEventListener("abort", onDrain, { once: true });
    if (signal.aborted) finish();
  });
}

export function tooSlow(what: string, timeoutMs: number): StreamTooSlowError {
  const again = what === "watch" ? "re-list and watch again" : "read faster, then ask again";
  return new StreamTooSlowError(`${what} too slow: the client read nothing for ${timeoutMs / 1000}s while the server had more to send; ${again}`);
}

/**
 * After a stream was ended with an error, the status still waits behind the messages the client
 * never read. Give the client `graceMs` to read them; then reset the HTTP/2 stream, so that what
 * it buffered is freed even if the client never reads again.
 */
export function resetIfStuck(call: EventEmitter, graceMs: number): void {
  let finished = false;
  call.once("finish", () => (finished = true));
  call.once("close", () => (finished = true));
  setTimeout(() => {
    if (!finished) http2StreamOf(call)?.close(http2.NGHTTP2_CANCEL);
  }, graceMs).unref();
}

interface Closable {
  close(code: number): void;
  destroyed: boolean;
}

// grpc-js has no public way to reset a server stream: find its HTTP/2 stream down the chain of
// intercepting calls (`call.call.nextCall...stream`). If a grpc-js release changes that chain,
// this finds nothing and the stream is simply left to the client's cancel or disconnect.
function http2StreamOf(call: unknown): Closable | undefined {
  let node = (call as { call?: unknown }).call;
  for (let depth = 0; node && depth < 10; depth++) {
    const stream = (node as { stream?: Partial<Closable> }).stream;
    if (stream && typeof stream.close === "function") return stream.destroyed ? undefined : (stream as Closable);
    node = (node as { nextCall?: unknown }).nextCall;
  }
  return undefined;
}
