// docs/metrics.md lists every metric the server exports: a new metric without a line there fails.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ServerMetrics } from "./server-metrics.js";
import { parseMetrics } from "./test-prometheus.js";

describe("docs/metrics.md", () => {
  it("names every skiff_ metric of the server", async () => {
    const doc = readFileSync(new URL("../../../../docs/metrics.md", import.meta.url), "utf8");
    const names = parseMetrics((await new ServerMetrics({ processMetrics: false }).render()).body).map((f) => f.name);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(doc, name).toContain(`\`${name}\``);
  });
});

describe("docs/grafana-dashboard.json", () => {
  it("queries only metrics that docs/metrics.md lists (so, that exist)", () => {
    const doc = readFileSync(new URL("../../../../docs/metrics.md", import.meta.url), "utf8");
    const dashboard = JSON.parse(readFileSync(new URL("../../../../docs/grafana-dashboard.json", import.meta.url), "utf8")) as { panels: { targets?: { expr: string }[] }[] };
    const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);
    expect(exprs.length).toBeGreaterThan(15);
    for (const expr of exprs) {
      for (const [name] of expr.matchAll(/skiff_[a-z_]+/g)) expect(doc, `${name} in ${expr}`).toContain(`\`${name.replace(/_(bucket|sum|count)$/, "")}\``);
    }
  });
});
