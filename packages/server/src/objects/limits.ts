// The API's size limits, in one place: how big a gRPC message, an apply and an object may be,
// and how long a watcher may leave its stream unread. Each refusal names the limit it hit.
import { ValidationError } from "@skiff/api";

export interface ApiLimits {
  /** Largest gRPC message the server reads (grpc.max_receive_message_length). */
  maxMessageBytes: number;
  /** Most objects one Apply may carry. */
  maxApplyObjects: number;
  /** Largest total of one Apply's documents, as JSON. */
  maxApplyBytes: number;
  /** Largest object the store accepts, as etcd's default request limit for Kubernetes. */
  maxObjectBytes: number;
  /**
   * How long a watch (or logs) stream may stay full, its client not reading, before the server
   * ends it: a watcher that never reads must not hold the server's buffers forever.
   */
  streamDrainTimeoutMs: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: ApiLimits = {
  maxMessageBytes: 16 * MiB,
  maxApplyObjects: 500,
  maxApplyBytes: 8 * MiB,
  maxObjectBytes: 1.5 * MiB,
  streamDrainTimeoutMs: 10_000,
};

/** The gRPC server's options for these limits. */
export function grpcServerOptions(limits: ApiLimits): Record<string, number> {
  // Channelz keeps per-call statistics and traces that nothing here reads: off, each call costs less.
  return { "grpc.max_receive_message_length": limits.maxMessageBytes, "grpc.enable_channelz": 0 };
}

/** Refuse an Apply with too many documents or too many bytes, before parsing any of them. */
export function checkApplySize(documentsJson: readonly string[], limits: ApiLimits): void {
  if (documentsJson.length > limits.maxApplyObjects) {
    throw new ValidationError([
      {
        path: "",
        message: `apply has ${documentsJson.length} objects, more than the limit of ${limits.maxApplyObjects} per apply: split it into several applies`,
      },
    ]);
  }
  let bytes = 0;
  for (const json of documentsJson) bytes += Buffer.byteLength(json);
  if (bytes > limits.maxApplyBytes) {
    throw new ValidationError([
      { path: "", message: `apply is ${mib(bytes)}, larger than the ${mib(limits.maxApplyBytes)} limit per apply: split it into several applies` },
    ]);
  }
}

/** One object's size, checked after validation (`source` names the document). */
export function objectSizeIssue(object: unknown, limits: Pick<ApiLimits, "maxObjectBytes">): string | undefined {
  const size = Buffer.byteLength(JSON.stringify(object));
  if (size <= limits.maxObjectBytes) return undefined;
  return `object is ${mib(size)}, larger than the ${mib(limits.maxObjectBytes)} limit`;
}

export const mib = (n: number): string => `${(n / MiB).toFixed(1)} MiB`;
