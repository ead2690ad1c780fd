import { describe, expect, it } from "vitest";
import { usageFromStats } from "./stats.js";

describe("usageFromStats", () => {
  it("averages CPU over the two samples, scaled by the online CPUs", () => {
    // 0.5 s of container CPU while the host's 2 CPUs ran 2 s in all: half a core... times 2 CPUs / 2 = 0.5 core.
    const s = {
      cpu_stats: { cpu_usage: { total_usage: 1_500_000_000 }, system_cpu_usage: 12_000_000_000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 1_000_000_000 }, system_cpu_usage: 10_000_000_000 },
      memory_stats: { usage: 80 * 2 ** 20, stats: { inactive_file: 16 * 2 ** 20 } },
    };
    expect(usageFromStats(s)).toEqual({ cpuNanoCores: 500_000_000, memoryBytes: 64 * 2 ** 20 });
  });

  it("reads cgroup v1's total_inactive_file, and reports no CPU without an earlier sample", () => {
    const s = {
      cpu_stats: { cpu_usage: { total_usage: 5 }, system_cpu_usage: 100, online_cpus: 4 },
      precpu_stats: {},
      memory_stats: { usage: 1000, stats: { total_inactive_file: 200 } },
    };
    expect(usageFromStats(s)).toEqual({ cpuNanoCores: 0, memoryBytes: 800 });
  });

  it("never reports negative memory", () => {
    expect(usageFromStats({ memory_stats: { usage: 10, stats: { inactive_file: 20 } } }).memoryBytes).toBe(0);
  });
});
