import { describe, expect, it } from "vitest";
import { ServerMetrics } from "./server-metrics.js";
import { countRestRequest, restVerb } from "./rest.js";
import { histogramCount, parseMetrics, value } from "./test-prometheus.js";

describe("the server's exposition", () => {
  it("parses as Prometheus text, with every family documented (HELP) and typed", async () => {
    const m = new ServerMetrics();
    m.apiRequests.inc({ edge: "grpc", verb: "Get", kind: "Pod", code: "OK" });
    m.podStartLatency.observe(1.5);
    m.queueDepth.set({ controller: "deployment" }, 3);
    const families = parseMetrics((await m.render()).body);
    const names = families.map((f) => f.name);
    for (const name of ["skiff_api_requests_total", "skiff_api_request_duration_seconds", "skiff_store_commit_duration_seconds", "skiff_store_watches", "skiff_workqueue_depth", "skiff_scheduler_schedule_attempts_total", "skiff_node_heartbeats_total", "skiff_node_assignment_lag_seconds", "skiff_pod_start_duration_seconds", "skiff_container_restarts_total", "skiff_server_process_resident_memory_bytes"]) {
      expect(names).toContain(name);
    }
    for (const f of families) expect(f.help, f.name).not.toBe("");
    expect(value(families, "skiff_api_requests_total", { verb: "Get", kind: "Pod" })).toBe(1);
    expect(histogramCount(families, "skiff_pod_start_duration_seconds")).toBe(1);
    expect(value(families, "skiff_workqueue_depth", { controller: "deployment" })).toBe(3);
  });

  it("keeps each server's counts apart (one registry each)", async () => {
    const a = new ServerMetrics({ processMetrics: false });
    const b = new ServerMetrics({ processMetrics: false });
    a.heartbeats.inc({ node: "n1" });
    expect(value(parseMetrics((await b.render()).body), "skiff_node_heartbeats_total")).toBe(0);
    expect(value(parseMetrics((await a.render()).body), "skiff_node_heartbeats_total", { node: "n1" })).toBe(1);
  });
});

describe("REST verbs, as the Kubernetes API server names them", () => {
  const cases: [Parameters<typeof restVerb>[0], string][] = [
    [{ method: "GET", kind: "Pod", named: true, watch: false }, "get"],
    [{ method: "GET", kind: "Pod", named: false, watch: false }, "list"],
    [{ method: "GET", kind: "Pod", named: false, watch: true }, "watch"],
    [{ method: "POST", kind: "Pod", named: false, watch: false }, "create"],
    [{ method: "PUT", kind: "Pod", named: true, watch: false }, "update"],
    [{ method: "PATCH", kind: "Pod", named: true, watch: false }, "patch"],
    [{ method: "DELETE", kind: "Pod", named: true, watch: false }, "delete"],
    [{ method: "DELETE", kind: "Pod", named: false, watch: false }, "deletecollection"],
  ];
  it.each(cases)("%j is %s", (r, verb) => expect(restVerb(r)).toBe(verb));

  it("counts a subresource call under verb/subresource", async () => {
    const m = new ServerMetrics({ processMetrics: false });
    countRestRequest(m, { method: "GET", kind: "Pod", named: true, watch: false, subresource: "log" }, 200, 0.01);
    expect(value(parseMetrics((await m.render()).body), "skiff_api_requests_total", { edge: "rest", verb: "get/log", code: "200" })).toBe(1);
  });
});
