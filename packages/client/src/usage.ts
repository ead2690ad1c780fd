// `client.usage`: the latest CPU and memory the agents reported (`skiff top`), as
// metrics.k8s.io NodeMetrics and PodMetrics. The server keeps only the latest sample, in memory.
import type { NodeMetrics, PodMetrics } from "@skiff/api";
import type { Transport } from "./transport.js";

export class UsageClient {
  constructor(private readonly transport: Transport) {}

  async nodes(): Promise<NodeMetrics[]> {
    const res = await this.transport.unary(this.transport.api.Usage, { kind: "NodeMetrics", namespace: "" });
    return res.itemsJson.map((j) => JSON.parse(j) as NodeMetrics);
  }

  /** The pods of `namespace`; every namespace when it is "" or omitted. */
  async pods(namespace = ""): Promise<PodMetrics[]> {
    const res = await this.transport.unary(this.transport.api.Usage, { kind: "PodMetrics", namespace });
    return res.itemsJson.map((j) => JSON.parse(j) as PodMetrics);
  }
}
