import { describe, expect, it } from "vitest";
import { WorkQueue } from "../controllers/framework/work-queue.js";
import { controllerMetrics } from "./controllers.js";
import { ServerMetrics } from "./server-metrics.js";
import { labelledHistogramCount, parseMetrics, value } from "./test-prometheus.js";

describe("a controller's work queue metrics", () => {
  it("count adds once per queued key, follow the depth, time the wait and count retries", async () => {
    const m = new ServerMetrics({ processMetrics: false });
    const q = new WorkQueue({ baseMs: 60_000, maxMs: 60_000 }, controllerMetrics(m, "deployment"));
    q.add("a");
    q.add("b");
    q.add("a"); // de-duplicated: not an add
    let families = parseMetrics((await m.render()).body);
    expect(value(families, "skiff_workqueue_adds_total", { controller: "deployment" })).toBe(2);
    expect(value(families, "skiff_workqueue_depth", { controller: "deployment" })).toBe(2);
    const key = (await q.get())!;
    q.addRateLimited(key);
    q.done(key);
    families = parseMetrics((await m.render()).body);
    expect(value(families, "skiff_workqueue_depth", { controller: "deployment" })).toBe(1);
    expect(await labelledHistogramCount(m.queueLatency, { controller: "deployment" })).toBe(1);
    expect(value(families, "skiff_workqueue_retries_total", { controller: "deployment" })).toBe(1);
    q.shutDown();
  });
});
