import { describe, expect, it } from "vitest";
import { USAGE_MAX_AGE_MS, UsageStore } from "./usage.js";

const report = (pods: [string, string][]) => ({
  timestampMs: "1700000000000",
  windowMs: 1000,
  node: { cpuNanoCores: "250000000", memoryBytes: String(2 ** 20) },
  pods: pods.map(([namespace, name]) => ({ namespace, name, containers: [{ name: "app", usage: { cpuNanoCores: "5", memoryBytes: "2048" } }] })),
});

describe("UsageStore", () => {
  it("keeps the latest report of each node, as metrics.k8s.io objects", () => {
    let now = 1_700_000_000_000;
    const u = new UsageStore(() => now);
    u.report("n2", report([["default", "b"]]));
    u.report("n1", report([["kube", "x"], ["default", "a"]]));
    u.report("n1", report([["default", "a"]])); // replaces n1's pods: x is gone
    expect(u.nodes().map((n) => n.metadata.name)).toEqual(["n1", "n2"]);
    expect(u.nodes()[0]).toMatchObject({ apiVersion: "metrics.k8s.io/v1beta1", kind: "NodeMetrics", window: "1s", usage: { cpu: "250000000n", memory: "1024Ki" }, timestamp: "2023-11-14T22:13:20.000Z" });
    expect(u.pods().map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(["default/a", "default/b"]);
    expect(u.pods("kube")).toEqual([]);
    now += USAGE_MAX_AGE_MS + 1;
    expect(u.nodes()).toEqual([]);
  });

  it("tells a follower each fresh report at once, then each new one, until it stops", () => {
    let now = 1_700_000_000_000;
    const u = new UsageStore(() => now);
    u.report("old", report([]));
    now += USAGE_MAX_AGE_MS + 1;
    u.report("n1", report([["default", "a"]]));
    const seen: string[] = [];
    const stop = u.follow((r) => seen.push(`${r.node.metadata.name}:${r.pods.map((p) => p.metadata.name).join(",")}`));
    u.report("n2", report([["default", "b"]]));
    stop();
    u.report("n3", report([]));
    expect(seen).toEqual(["n1:a", "n2:b"]);
  });
});
