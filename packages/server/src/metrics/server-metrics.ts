// Every Prometheus metric `skiff server` exports, defined in one place (docs/metrics.md lists
// them). One registry per server, not prom-client's global one: tests run several servers in
// one process, and each must count only its own work.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Seconds buckets from 1 ms to about 30 s: API calls, commits, reconciles. */
const LATENCY = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds buckets for a pod to start: image pulls make it long. */
const POD_START = [0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 45, 60, 120, 300, 600];

export class ServerMetrics {
  readonly registry = new Registry();

  readonly apiRequests = new Counter({ name: "skiff_api_requests_total", help: "API requests, by edge (grpc, rest), verb, kind and response code", labelNames: ["edge", "verb", "kind", "code"], registers: [this.registry] });
  readonly apiLatency = new Histogram({ name: "skiff_api_request_duration_seconds", help: "API request latency (a watch or stream: its whole life), by edge, verb and kind", labelNames: ["edge", "verb", "kind"], buckets: LATENCY, registers: [this.registry] });

  readonly storeCommits = new Counter({ name: "skiff_store_commits_total", help: "Store commits (one revision each), by result", labelNames: ["result"], registers: [this.registry] });
  readonly storeCommitLatency = new Histogram({ name: "skiff_store_commit_duration_seconds", help: "Time to commit one batch of writes to the store (LevelDB fsync or etcd transaction)", buckets: LATENCY, registers: [this.registry] });
  readonly storeCommitBytes = new Histogram({ name: "skiff_store_commit_bytes", help: "Size of the objects written by one commit (JSON bytes)", buckets: [256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304], registers: [this.registry] });
  readonly storeCommitOps = new Histogram({ name: "skiff_store_commit_ops", help: "Writes in one commit", buckets: [1, 2, 5, 10, 25, 50, 100, 128], registers: [this.registry] });
  readonly watches = new Gauge({ name: "skiff_store_watches", help: "Open store watches (informers, API watches, node assignment streams)", registers: [this.registry] });

  readonly queueDepth = new Gauge({ name: "skiff_workqueue_depth", help: "Keys waiting in a controller's work queue", labelNames: ["controller"], registers: [this.registry] });
  readonly queueAdds = new Counter({ name: "skiff_workqueue_adds_total", help: "Keys queued (each queued key once, however many events named it)", labelNames: ["controller"], registers: [this.registry] });
  readonly queueLatency = new Histogram({ name: "skiff_workqueue_queue_duration_seconds", help: "How long a key waited in the queue before a worker took it", labelNames: ["controller"], buckets: LATENCY, registers: [this.registry] });
  readonly workDuration = new Histogram({ name: "skiff_workqueue_work_duration_seconds", help: "How long one reconcile took", labelNames: ["controller"], buckets: LATENCY, registers: [this.registry] });
  readonly queueRetries = new Counter({ name: "skiff_workqueue_retries_total", help: "Reconciles that failed and were queued again with backoff", labelNames: ["controller"], registers: [this.registry] });

  readonly schedulingAttempts = new Counter({ name: "skiff_scheduler_schedule_attempts_total", help: "Scheduling attempts, by result (scheduled, unschedulable, error)", labelNames: ["result"], registers: [this.registry] });
  readonly schedulingLatency = new Histogram({ name: "skiff_scheduler_scheduling_attempt_duration_seconds", help: "Time to decide and write one pod's placement, by result", labelNames: ["result"], buckets: LATENCY, registers: [this.registry] });

  readonly heartbeats = new Counter({ name: "skiff_node_heartbeats_total", help: "Heartbeats received from node agents, by node", labelNames: ["node"], registers: [this.registry] });
  readonly assignmentLag = new Histogram({ name: "skiff_node_assignment_lag_seconds", help: "From a change reaching a node's assignment stream to the message carrying it being written (batching and back-pressure)", buckets: LATENCY, registers: [this.registry] });
  readonly assignmentMessages = new Counter({ name: "skiff_node_assignment_messages_total", help: "Assignment messages sent to agents, by type (COMPLETE, INCREMENTAL)", labelNames: ["type"], registers: [this.registry] });
  readonly podStartLatency = new Histogram({ name: "skiff_pod_start_duration_seconds", help: "From a pod's creation to the server hearing that it runs (Running, or Succeeded without a Running report); one observation per pod that started", buckets: POD_START, registers: [this.registry] });
  readonly containerRestarts = new Counter({ name: "skiff_container_restarts_total", help: "Container restarts reported by agents, by namespace", labelNames: ["namespace"], registers: [this.registry] });

  /** With the process metrics (CPU, memory, event loop lag) under the `skiff_server_` prefix. */
  // The event-loop lag probe is a timer: at prom-client's default 10 ms it woke an idle process 100 times a
  // second, most of its idle CPU (issue 16); every 100 ms still catches any stall worth a look.
  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: "skiff_server_", eventLoopMonitoringPrecision: 100 });
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** Seconds since `startedMs` (performance.now() based), for histograms. */
export function secondsSince(startedMs: number): number {
  return (performance.now() - startedMs) / 1000;
}
