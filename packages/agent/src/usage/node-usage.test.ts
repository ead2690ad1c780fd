import { describe, expect, it } from "vitest";
import { INFRA_CONTAINER } from "../pods/labels.js";
import { nodeUsage } from "./node-usage.js";

const sample = (pod: string, container: string, cpu: number, mem: number) => ({ identity: { podNamespace: "default", podName: pod, container }, stats: { cpuNanoCores: cpu, memoryBytes: mem } });

describe("nodeUsage", () => {
  it("lists app containers per pod and sums every container, the infra one too, for the node", () => {
    const u = nodeUsage([sample("web", "app", 100, 1000), sample("web", "side", 50, 500), sample("web", INFRA_CONTAINER, 1, 10), sample("db", "pg", 7, 70)], 1234, 1000);
    expect(u.node).toEqual({ cpuNanoCores: "158", memoryBytes: "1580" });
    expect(u.pods).toEqual([
      { namespace: "default", name: "web", containers: [{ name: "app", usage: { cpuNanoCores: "100", memoryBytes: "1000" } }, { name: "side", usage: { cpuNanoCores: "50", memoryBytes: "500" } }] },
      { namespace: "default", name: "db", containers: [{ name: "pg", usage: { cpuNanoCores: "7", memoryBytes: "70" } }] },
    ]);
    expect(u.timestampMs).toBe("1234");
  });

  it("reports an empty node as zero", () => {
    expect(nodeUsage([], 1, 1000)).toMatchObject({ node: { cpuNanoCores: "0", memoryBytes: "0" }, pods: [] });
  });
});
