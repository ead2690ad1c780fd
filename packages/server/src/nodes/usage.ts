// The latest CPU and memory usage of each node and its pods, as the agents report it with their
// heartbeats. Kept in memory only (like metrics-server): a usage sample is stale in seconds, so
// storing it would only cost writes. Served as metrics.k8s.io NodeMetrics and PodMetrics.
import { METRICS_API_VERSION, toUsage, type NodeMetrics, type PodMetrics } from "@skiff/api";
import type { NodeUsage__Output as NodeUsage } from "@skiff/proto";

/** A sample older than this is not served: its node stopped reporting. */
export const USAGE_MAX_AGE_MS = 60_000;

interface Sample {
  receivedAt: number;
  node: NodeMetrics;
  pods: PodMetrics[];
}

/** One node's report: its usage and its pods'. */
export type UsageReport = Omit<Sample, "receivedAt">;

export class UsageStore {
  private readonly samples = new Map<string, Sample>();
  private readonly followers = new Set<(report: UsageReport) => void>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Replace `nodeName`'s sample with this report. */
  report(nodeName: string, usage: NodeUsage): void {
    const now = this.clock();
    const timestamp = new Date(Number(usage.timestampMs) || now).toISOString();
    const window = `${Math.round((usage.windowMs || 0) / 1000)}s`;
    const created = new Date(now).toISOString();
    const node: NodeMetrics = {
      apiVersion: METRICS_API_VERSION,
      kind: "NodeMetrics",
      metadata: { name: nodeName, creationTimestamp: created },
      timestamp,
      window,
      usage: toUsage(Number(usage.node?.cpuNanoCores ?? 0), Number(usage.node?.memoryBytes ?? 0)),
    };
    const pods = usage.pods.map(
      (p): PodMetrics => ({
        apiVersion: METRICS_API_VERSION,
        kind: "PodMetrics",
        metadata: { name: p.name, namespace: p.namespace, creationTimestamp: created },
        timestamp,
        window,
        containers: p.containers.map((c) => ({ name: c.name, usage: toUsage(Number(c.usage?.cpuNanoCores ?? 0), Number(c.usage?.memoryBytes ?? 0)) })),
      }),
    );
    this.samples.set(nodeName, { receivedAt: now, node, pods });
    for (const f of this.followers) f({ node, pods });
  }

  /** Each node's fresh report, then (until the returned function is called) each new one as it comes. */
  follow(follower: (report: UsageReport) => void): () => void {
    for (const { node, pods } of this.fresh()) follower({ node, pods });
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }

  /** Every node with a fresh sample, by name. */
  nodes(): NodeMetrics[] {
    return this.fresh()
      .map((s) => s.node)
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  /** The pods with a fresh sample, of `namespace` (all when omitted), by namespace and name. */
  pods(namespace?: string): PodMetrics[] {
    return this.fresh()
      .flatMap((s) => s.pods)
      .filter((p) => !namespace || p.metadata.namespace === namespace)
      .sort((a, b) => a.metadata.namespace.localeCompare(b.metadata.namespace) || a.metadata.name.localeCompare(b.metadata.name));
  }

  private fresh(): Sample[] {
    const now = this.clock();
    return [...this.samples.values()].filter((s) => now - s.receivedAt <= USAGE_MAX_AGE_MS);
  }
}
