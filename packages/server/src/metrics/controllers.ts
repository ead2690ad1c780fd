// A controller's work queue metrics, labelled with its name: the framework's WorkQueue and
// Controller report through this, so every controller (and a user's own) is measured alike.
import type { WorkQueueMetrics } from "../controllers/framework/work-queue.js";
import type { ServerMetrics } from "./server-metrics.js";

export function controllerMetrics(metrics: ServerMetrics | undefined, controller: string): (WorkQueueMetrics & { reconciled(seconds: number): void }) | undefined {
  if (!metrics) return undefined;
  const labels = { controller };
  return {
    depth: (n) => metrics.queueDepth.set(labels, n),
    added: () => metrics.queueAdds.inc(labels),
    waited: (s) => metrics.queueLatency.observe(labels, s),
    retried: () => metrics.queueRetries.inc(labels),
    reconciled: (s) => metrics.workDuration.observe(labels, s),
  };
}
