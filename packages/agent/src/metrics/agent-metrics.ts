// Every Prometheus metric `skiff agent` exports (docs/metrics.md lists them), in a registry of
// its own: `skiff sim` runs hundreds of agents in one process, and tests run several.
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

export class AgentMetrics {
  readonly registry = new Registry();

  readonly heartbeats = new Counter({ name: "skiff_agent_heartbeats_total", help: "Heartbeats sent to the server, by result (ok, error)", labelNames: ["result"], registers: [this.registry] });
  readonly assignmentMessages = new Counter({ name: "skiff_agent_assignment_messages_total", help: "Assignment messages received, by type (COMPLETE, INCREMENTAL) and outcome (applied, gap)", labelNames: ["type", "outcome"], registers: [this.registry] });
  readonly proxyConnections = new Counter({ name: "skiff_agent_proxy_connections_total", help: "Connections accepted by the Service proxy, by Service", labelNames: ["service"], registers: [this.registry] });
  readonly proxyRefused = new Counter({ name: "skiff_agent_proxy_no_backend_total", help: "Proxied connections that no backend accepted, by Service", labelNames: ["service"], registers: [this.registry] });
  readonly proxyActive = new Gauge({ name: "skiff_agent_proxy_active_connections", help: "Proxied connections open now", registers: [this.registry] });
  readonly containerCpu = new Gauge({ name: "skiff_agent_container_cpu_cores", help: "CPU of each running container at the last usage sample, in cores", labelNames: ["namespace", "pod", "container"], registers: [this.registry] });
  readonly containerMemory = new Gauge({ name: "skiff_agent_container_memory_working_set_bytes", help: "Working set of each running container at the last usage sample", labelNames: ["namespace", "pod", "container"], registers: [this.registry] });
  readonly usageSamples = new Counter({ name: "skiff_agent_usage_samples_total", help: "Usage samples taken from the runtime, by result (ok, error)", labelNames: ["result"], registers: [this.registry] });

  /** With the process metrics under `skiff_agent_` (off for the many agents of `skiff sim`). */
  // The event-loop lag probe is a timer: at prom-client's default 10 ms it woke an idle process 100 times a
  // second, most of its idle CPU (issue 16); every 100 ms still catches any stall worth a look.
  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: "skiff_agent_", eventLoopMonitoringPrecision: 100 });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
