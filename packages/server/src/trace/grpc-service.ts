// Api.Trace: the steps this server keeps (of one namespace, or all), oldest first, then with
// `follow` each new one as it comes, until the caller cancels (follow.ts, shared with the
// dashboard's trace stream).
import type * as grpc from "@grpc/grpc-js";
import { traceStepToWire, type TraceStep } from "@skiff/api";
import type { TraceRequest__Output, TraceStep as WireStep } from "@skiff/proto";
import { toServiceError } from "../api/status.js";
import type { Logger } from "../log.js";
import { traceSteps } from "./follow.js";
import type { TraceRing } from "./trace-ring.js";

export function traceHandler(ring: TraceRing, log: Logger, shutdown: AbortSignal): grpc.handleServerStreamingCall<TraceRequest__Output, WireStep> {
  return (call) => {
    const { namespace, follow } = call.request;
    const done = new AbortController();
    const signal = AbortSignal.any([done.signal, shutdown]);
    call.on("cancelled", () => done.abort());
    void (async () => {
      try {
        for await (const s of traceSteps(ring, { namespace, follow, signal })) await write(call, s, signal);
        call.end();
      } catch (err) {
        if (signal.aborted) call.end();
        else call.emit("error", toServiceError(err, log));
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
