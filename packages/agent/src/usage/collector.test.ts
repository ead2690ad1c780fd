import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { FakeRuntime, FAKE_USAGE } from "../runtime/index.js";
import { INFRA_CONTAINER, LABELS } from "../pods/labels.js";
import { AgentMetrics } from "../metrics/agent-metrics.js";
import { UsageCollector } from "./collector.js";

const labels = (node: string, pod: string, container: string) => ({ [LABELS.node]: node, [LABELS.podUid]: `uid-${pod}`, [LABELS.podName]: pod, [LABELS.podNamespace]: "default", [LABELS.container]: container });

describe("UsageCollector", () => {
  it("samples the node's running containers only, and hands each report out once", async () => {
    const runtime = new FakeRuntime({ images: ["img"] });
    const start = async (node: string, pod: string, container: string) => {
      const id = await runtime.createContainer({ name: `${node}-${pod}-${container}`, image: "img", labels: labels(node, pod, container) });
      await runtime.startContainer(id);
      return id;
    };
    const app = await start("n1", "web", "app");
    await start("n1", "web", INFRA_CONTAINER);
    await start("n2", "other", "app"); // another node's: not ours
    await runtime.createContainer({ name: "stopped", image: "img", labels: labels("n1", "old", "app") }); // never started
    runtime.setUsage(app, { cpuNanoCores: 250_000_000, memoryBytes: 64 * 2 ** 20 });
    const metrics = new AgentMetrics({ processMetrics: false });
    const collector = new UsageCollector(runtime, "n1", pino({ level: "silent" }), 10_000, metrics);

    const report = await collector.sample();
    expect(report.pods).toEqual([{ namespace: "default", name: "web", containers: [{ name: "app", usage: { cpuNanoCores: "250000000", memoryBytes: String(64 * 2 ** 20) } }] }]);
    expect(report.node).toEqual({ cpuNanoCores: String(250_000_000 + FAKE_USAGE.cpuNanoCores), memoryBytes: String(64 * 2 ** 20 + FAKE_USAGE.memoryBytes) });
    expect((await metrics.containerMemory.get()).values.find((v) => v.labels.container === "app")?.value).toBe(64 * 2 ** 20);

    // start() keeps the latest for the next heartbeat: taken once, then nothing until the next sample.
    const stop = new AbortController();
    const running = collector.start(stop.signal);
    await new Promise((r) => setTimeout(r, 50));
    expect(collector.take()?.pods).toHaveLength(1);
    expect(collector.take()).toBeUndefined();
    stop.abort();
    await running;
  });
});
