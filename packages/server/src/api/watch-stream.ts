// A watch's events on its gRPC stream. grpc-js writes a stream's messages one at a time, each after
// the socket took the one before, so one event per message lets a busy server send a watch only a
// few events per turn of its event loop: at 1,000 nodes a client fell minutes behind. A client that
// asks for batches gets every event ready when the stream can take more, in one message.
//
// Backpressure is as for any stream (backpressure.ts): events are read from the store's history
// only while fewer than MAX_QUEUED (and MAX_QUEUED_BYTES) wait, and a message the client has not
// taken within the drain timeout ends the watch as too slow.
import type * as grpc from "@grpc/grpc-js";
import type { WatchEvent as WireEvent, WatchRequest__Output } from "@skiff/proto";
import type { WatchEvent } from "@skiff/store";
import { drained, tooSlow } from "./backpressure.js";

/** Events (and bytes of them) read ahead of the client at most; then the watch's cursor waits in history. */
export const MAX_QUEUED = 1_024;
export const MAX_QUEUED_BYTES = 4 << 20;
/** One message carries at most this many bytes of objects (gRPC clients refuse messages over 4 MiB). */
export const MAX_BATCH_BYTES = 1 << 20;

export async function sendWatch(
  call: grpc.ServerWritableStream<WatchRequest__Output, WireEvent>,
  open: (signal: AbortSignal) => AsyncIterable<WatchEvent>,
  drainTimeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const wire = (ev: WatchEvent): WireEvent => ({ type: ev.type, objectJson: JSON.stringify(ev.object), resourceVersion: String(ev.revision) });
  if (!call.request.batches) {
    for await (const ev of open(signal)) if (!call.write(wire(ev))) await drained(call, drainTimeoutMs, signal, "watch");
    return;
  }
  const stall = new AbortController();
  const ended = AbortSignal.any([signal, stall.signal]);
  const queue: WireEvent[] = [];
  let queuedBytes = 0;
  let writing = false;
  let progressed = () => {};
  // Once this function returns or throws, nothing more is written: the call's status goes next.
  let over = false;
  const pump = () => {
    if (over || writing || queue.length === 0 || ended.aborted) return;
    writing = true;
    const batch = takeBatch(queue);
    for (const ev of batch) queuedBytes -= ev.objectJson?.length ?? 0;
    const timer = setTimeout(() => stall.abort(tooSlow("watch", drainTimeoutMs)), drainTimeoutMs);
    call.write({ batch }, () => {
      clearTimeout(timer);
      writing = false;
      pump();
      progressed();
    });
  };
  // Resolves once `until()` holds, asked after each message the client took, or when the watch ends.
  const room = (until: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (until() || ended.aborted) && (ended.removeEventListener("abort", check), (progressed = () => {}), resolve());
      progressed = check;
      ended.addEventListener("abort", check);
      check();
    });
  const full = () => queue.length >= MAX_QUEUED || queuedBytes >= MAX_QUEUED_BYTES;
  try {
    for await (const ev of open(ended)) {
      const message = wire(ev);
      queue.push(message);
      queuedBytes += message.objectJson?.length ?? 0;
      pump();
      if (full()) await room(() => !full());
    }
    // The store ended the watch (the server stops): what is queued still goes, as a stream's last messages do.
    await room(() => queue.length === 0 && !writing);
    if (stall.signal.aborted) throw stall.signal.reason;
  } finally {
    // An error (410 Expired, too slow) ends the call: a write after that would destroy the stream
    // before its status, and the client would wait for it forever.
    over = true;
  }
}

/** The first events of `queue`, removed: at least one, then as many as fit MAX_BATCH_BYTES. */
function takeBatch(queue: WireEvent[]): WireEvent[] {
  let bytes = 0;
  let n = 0;
  while (n < queue.length) {
    bytes += queue[n]!.objectJson?.length ?? 0;
    if (n > 0 && bytes > MAX_BATCH_BYTES) break;
    n++;
  }
  return queue.splice(0, n);
}
