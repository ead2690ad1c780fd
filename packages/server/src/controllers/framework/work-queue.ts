// The work queue lives in @skiff/api (controllers/work-queue.ts): operators running as their own
// process use the same one.
export { WorkQueue, DEFAULT_RATE_LIMIT, MAX_DELAY_MS, type RateLimit, type WorkQueueMetrics } from "@skiff/api";
