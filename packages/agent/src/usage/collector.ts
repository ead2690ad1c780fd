// Samples the CPU and memory of the node's running containers every period (Docker stats), and
// keeps the latest report for the next heartbeat to carry. A sample that fails is logged and
// skipped: usage is for looking, never a reason to stop the agent.
import type { Logger } from "pino";
import { sleep } from "@skiff/api/core";
import type { NodeUsage } from "@skiff/proto";
import type { Runtime } from "../runtime/index.js";
import { identify, nodeSelector } from "../pods/labels.js";
import type { AgentMetrics } from "../metrics/agent-metrics.js";
import { nodeUsage, type ContainerSample } from "./node-usage.js";

export const DEFAULT_USAGE_PERIOD_MS = 10_000;
/** Docker's stats call averages CPU over about one second (its two samples). */
const CPU_WINDOW_MS = 1_000;
/** Stats calls at once: each holds a connection to the engine for about a second. */
const PARALLEL = 8;

export class UsageCollector {
  private latest: NodeUsage | undefined;

  constructor(
    private readonly runtime: Runtime,
    private readonly nodeName: string,
    private readonly log: Logger,
    private readonly periodMs = DEFAULT_USAGE_PERIOD_MS,
    private readonly metrics?: AgentMetrics,
  ) {}

  async start(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        this.latest = await this.sample();
        this.metrics?.usageSamples.inc({ result: "ok" });
      } catch (err) {
        this.metrics?.usageSamples.inc({ result: "error" });
        this.log.warn({ err: (err as Error).message }, "could not sample container usage; trying again next period");
      }
      await sleep(this.periodMs, signal);
    }
  }

  /** The latest report not yet handed out (each goes to the server once). */
  take(): NodeUsage | undefined {
    const out = this.latest;
    this.latest = undefined;
    return out;
  }

  /** One report now. */
  async sample(): Promise<NodeUsage> {
    const now = Date.now();
    const running = (await this.runtime.listContainers(nodeSelector(this.nodeName))).filter((c) => c.state === "running");
    const samples: ContainerSample[] = [];
    for (let i = 0; i < running.length; i += PARALLEL) {
      const batch = running.slice(i, i + PARALLEL);
      const stats = await Promise.all(batch.map((c) => this.runtime.stats(c.id)));
      batch.forEach((c, j) => {
        const identity = identify(c);
        const s = stats[j];
        if (identity && s) samples.push({ identity, stats: s });
      });
    }
    this.metrics?.containerCpu.reset();
    this.metrics?.containerMemory.reset();
    for (const { identity: id, stats } of samples) {
      const labels = { namespace: id.podNamespace, pod: id.podName, container: id.container };
      this.metrics?.containerCpu.set(labels, stats.cpuNanoCores / 1e9);
      this.metrics?.containerMemory.set(labels, stats.memoryBytes);
    }
    return nodeUsage(samples, now, CPU_WINDOW_MS);
  }
}
