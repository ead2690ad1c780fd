// Api.Trace: the steps this server keeps (of one namespace, or all), oldest first, then with
// `follow` each new one as it comes, until the caller cancels. A follower that stops reading is
// cut off once FOLLOW_BUFFER steps wait for it, rather than held in memory without bound.
import type * as grpc from "@grpc/grpc-js";
import { UnavailableError, traceStepToWire, type TraceStep } from "@skiff/api";
import type { TraceRequest__Output, TraceStep as WireStep } from "@skiff/proto";
import { toServiceError } from "../api/status.js";
import type { Logger } from "../log.js";
import type { TraceRing } from "./trace-ring.js";

const FOLLOW_BUFFER = 5000;

export function traceHandler(ring: TraceRing, log: Logger, shutdown: AbortSignal): grpc.handleServerStreamingCall<TraceRequest__Output, WireStep> {
  return (call) => {
    const { namespace, follow } = call.request;
    const mine = (s: TraceStep) => !namespace || s.namespace === namespace;
    const waiting: TraceStep[] = [];
    let wake: (() => void) | undefined;
    // Followed before listing, so no step falls between the list and the follow.
    const stop = follow ? ring.follow((s) => {
      if (!mine(s)) return;
      waiting.push(s);
      wake?.();
    }) : () => undefined;
    const done = new AbortController();
    const signal = AbortSignal.any([done.signal, shutdown]);
    call.on("cancelled", () => done.abort());
    signal.addEventListener("abort", () => wake?.());
    void (async () => {
      try {
        for (const s of ring.list(namespace || undefined)) await write(call, s, signal);
        while (follow && !signal.aborted) {
          if (waiting.length > FOLLOW_BUFFER) throw new UnavailableError(`trace follower fell ${FOLLOW_BUFFER} steps behind; follow again`);
          const next = waiting.shift();
          if (next) await write(call, next, signal);
          else await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
        }
        call.end();
      } catch (err) {
        if (signal.aborted) call.end();
        else call.emit("error", toServiceError(err, log));
      } finally {
        stop();
      }
    })();
  };
}

/** Writes one step, waiting for the stream to drain when its buffer is full. */
function write(call: grpc.ServerWritableStream<TraceRequest__Output, WireStep>, s: TraceStep, signal: AbortSignal): Promise<void> {
  if (call.write(traceStepToWire(s) as WireStep)) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      call.off("drain", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    call.once("drain", done);
    signal.addEventListener("abort", done, { once: true });
  });
}
