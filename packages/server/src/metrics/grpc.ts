// The gRPC API edge, measured at its one seam: every handler is wrapped (as rate-limit.ts wraps
// them) to count the call by method, kind and status code and time it. A stream (Watch, Logs)
// is timed over its whole life.
import * as grpc from "@grpc/grpc-js";
import { secondsSince, type ServerMetrics } from "./server-metrics.js";

type Handler = (call: grpc.ServerUnaryCall<unknown, unknown> & grpc.ServerWritableStream<unknown, unknown>, callback?: grpc.sendUnaryData<unknown>) => void;

export function measuredHandlers<H extends object>(handlers: H, metrics: ServerMetrics): H {
  const wrapped: Record<string, unknown> = {};
  for (const [verb, handler] of Object.entries(handlers) as [string, Handler][]) {
    wrapped[verb] = (call: Parameters<Handler>[0], callback?: grpc.sendUnaryData<unknown>) => {
      const started = performance.now();
      const kind = kindOf(call.request);
      let counted = false;
      const count = (code: grpc.status) => {
        if (counted) return;
        counted = true;
        metrics.apiRequests.inc({ edge: "grpc", verb, kind, code: grpc.status[code] ?? String(code) });
        metrics.apiLatency.observe({ edge: "grpc", verb, kind }, secondsSince(started));
      };
      if (callback) {
        return handler(call, (err, value, trailer, flags) => {
          count(err ? ((err as grpc.ServiceError).code ?? grpc.status.UNKNOWN) : grpc.status.OK);
          callback(err, value, trailer, flags);
        });
      }
      call.once("finish", () => count(grpc.status.OK));
      call.once("error", (err: grpc.ServiceError) => count(err.code ?? grpc.status.UNKNOWN));
      call.once("cancelled", () => count(grpc.status.CANCELLED));
      return handler(call);
    };
  }
  return wrapped as H;
}

/** The kind a request names (Get, List, Delete, Watch...); "" for calls about no one kind. */
function kindOf(request: unknown): string {
  const kind = (request as { kind?: unknown } | undefined)?.kind;
  return typeof kind === "string" ? kind : "";
}
