// The gRPC API's Usage call (`skiff top`): the latest NodeMetrics or PodMetrics the agents
// reported, from the dispatcher's in-memory UsageStore.
import type * as grpc from "@grpc/grpc-js";
import { ValidationError } from "@skiff/api";
import type { UsageRequest__Output, UsageResponse } from "@skiff/proto";
import { toServiceError } from "../api/status.js";
import type { UsageStore } from "../nodes/usage.js";
import type { Logger } from "../log.js";

export function usageHandler(usage: UsageStore, log: Logger): grpc.handleUnaryCall<UsageRequest__Output, UsageResponse> {
  return (call, callback) => {
    const { kind, namespace } = call.request;
    if (kind !== "NodeMetrics" && kind !== "PodMetrics") {
      return callback(toServiceError(new ValidationError([{ path: "kind", message: `must be NodeMetrics or PodMetrics, not "${kind}"` }]), log));
    }
    const items = kind === "NodeMetrics" ? usage.nodes() : usage.pods(namespace || undefined);
    callback(null, { itemsJson: items.map((i) => JSON.stringify(i)) });
  };
}
