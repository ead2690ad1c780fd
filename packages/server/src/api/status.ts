// Named errors -> gRPC status at the edge. The client maps the codes back (client/src/errors.ts).
import * as grpc from "@grpc/grpc-js";
import { DisruptionBudgetError, SkiffError, ValidationError } from "@skiff/api";
import type { Logger } from "../log.js";

const CODES: Record<string, grpc.status> = {
  NOT_FOUND: grpc.status.NOT_FOUND,
  ALREADY_EXISTS: grpc.status.ALREADY_EXISTS,
  ABORTED: grpc.status.ABORTED,
  INVALID_ARGUMENT: grpc.status.INVALID_ARGUMENT,
  OUT_OF_RANGE: grpc.status.OUT_OF_RANGE,
  UNAVAILABLE: grpc.status.UNAVAILABLE,
  // No token, a wrong or expired one, a node-protocol call without a node certificate (security/).
  UNAUTHENTICATED: grpc.status.UNAUTHENTICATED,
  FAILED_PRECONDITION: grpc.status.FAILED_PRECONDITION,
  // Pod Security admission (admission.ts).
  PERMISSION_DENIED: grpc.status.PERMISSION_DENIED,
  // Rate limits (rate-limit.ts) and streams whose client stopped reading (backpressure.ts).
  RESOURCE_EXHAUSTED: grpc.status.RESOURCE_EXHAUSTED,
};

export function toServiceError(err: unknown, log: Logger): Partial<grpc.ServiceError> {
  if (err instanceof SkiffError) {
    const metadata = new grpc.Metadata();
    if (err instanceof ValidationError) metadata.set("skiff-issues", JSON.stringify(err.issues));
    // An eviction its budget refused: the client rebuilds the DisruptionBudgetError from this.
    if (err instanceof DisruptionBudgetError) metadata.set("skiff-disruption-budget", JSON.stringify({ budget: err.budget, reason: err.reason, retryAfterSeconds: err.retryAfterSeconds }));
    return { code: CODES[err.code] ?? grpc.status.UNKNOWN, details: err.message, metadata };
  }
  // Anything else is our bug: log it whole, tell the client only that it happened.
  log.error({ err }, "internal error");
  const message = err instanceof Error ? err.message : String(err);
  return { code: grpc.status.INTERNAL, details: `internal error: ${message}` };
}
