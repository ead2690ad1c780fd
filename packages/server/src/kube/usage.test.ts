// metrics.k8s.io on the REST edge, as kubectl top reads it: lists, one object, a namespace's
// pods, read-only, and the request counted under the edge's metrics.
import { mkdtemp, rm } from "node:fs/promises";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LevelStore } from "@skiff/store";
import { DEFAULT_RATE_LIMIT, RateLimiter } from "../api/rate-limit.js";
import { silentLog } from "../informer/test-support.js";
import { ObjectService } from "../objects/objects.js";
import { UsageStore } from "../nodes/usage.js";
import { ServerMetrics } from "../metrics/server-metrics.js";
import { parseMetrics, value } from "../metrics/test-prometheus.js";
import { kubeHandler } from "./handler.js";

let dir: string;
let store: LevelStore;
let server: http.Server;
let base: string;
const metrics = new ServerMetrics({ processMetrics: false });
const shutdown = new AbortController();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "skiff-kube-usage-"));
  store = await LevelStore.open(join(dir, "db"));
  const usage = new UsageStore();
  const container = (cpu: number, mem: number) => [{ name: "app", usage: { cpuNanoCores: String(cpu), memoryBytes: String(mem) } }];
  usage.report("n1", { timestampMs: String(Date.now()), windowMs: 1000, node: { cpuNanoCores: "1500000000", memoryBytes: String(96 * 2 ** 20) }, pods: [{ namespace: "default", name: "busy", containers: container(1e9, 2 ** 20) }, { namespace: "team", name: "hold", containers: container(0, 64 * 2 ** 20) }] });
  const unused = () => Promise.reject(new Error("no agents in this test"));
  const handler = kubeHandler({ objects: new ObjectService(store), agents: { exec: unused, logs: unused } as never, rate: new RateLimiter(DEFAULT_RATE_LIMIT), log: silentLog, shutdown: shutdown.signal, maxBodyBytes: 1 << 20, address: () => "127.0.0.1:0", metrics, usage });
  server = http.createServer((req, res) => void handler.request(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/apis/metrics.k8s.io/v1beta1`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const get = async (path: string, method = "GET") => {
  const res = await fetch(`${base}${path}`, { method });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { items?: { metadata: { name: string } }[] } };
};

describe("metrics.k8s.io/v1beta1", () => {
  it("lists NodeMetrics and gets one by name", async () => {
    const list = await get("/nodes");
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ kind: "NodeMetricsList", apiVersion: "metrics.k8s.io/v1beta1" });
    expect(list.body.items?.map((i) => i.metadata.name)).toEqual(["n1"]);
    expect((await get("/nodes/n1")).body).toMatchObject({ kind: "NodeMetrics", usage: { cpu: "1500000000n", memory: "98304Ki" } });
    expect((await get("/nodes/n2")).status).toBe(404);
  });

  it("lists PodMetrics of every namespace or of one, and gets one", async () => {
    expect((await get("/pods")).body.items?.map((i) => i.metadata.name)).toEqual(["busy", "hold"]);
    expect((await get("/namespaces/team/pods")).body.items?.map((i) => i.metadata.name)).toEqual(["hold"]);
    expect((await get("/namespaces/team/pods/hold")).body).toMatchObject({ kind: "PodMetrics", containers: [{ name: "app", usage: { cpu: "0n", memory: "65536Ki" } }] });
    expect((await get("/namespaces/default/pods/hold")).status).toBe(404);
  });

  it("is read-only, and counted by the edge's metrics", async () => {
    expect((await get("/nodes/n1", "DELETE")).status).toBe(405);
    const families = parseMetrics((await metrics.render()).body);
    expect(value(families, "skiff_api_requests_total", { edge: "rest", code: "200" })).toBeGreaterThanOrEqual(4);
  });
});
