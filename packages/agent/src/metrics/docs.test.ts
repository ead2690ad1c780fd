// docs/metrics.md lists every metric the agent exports: a new metric without a line there fails.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AgentMetrics } from "./agent-metrics.js";

describe("docs/metrics.md", () => {
  it("names every skiff_agent_ metric", async () => {
    const doc = readFileSync(new URL("../../../../docs/metrics.md", import.meta.url), "utf8");
    const { values } = { values: await new AgentMetrics({ processMetrics: false }).registry.getMetricsAsJSON() };
    expect(values.length).toBeGreaterThan(5);
    for (const { name } of values) expect(doc, name).toContain(`\`${name}\``);
  });
});
