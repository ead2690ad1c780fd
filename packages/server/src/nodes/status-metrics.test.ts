// What the dispatcher counts from the agents: every pod that starts is one observation of the
// pod start latency histogram (no more, however many reports follow), restarts add up, and a
// heartbeat's usage report is what `skiff top` then serves.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Pod, PodStatus } from "@skiff/api";
import { LevelStore } from "@skiff/store";
import { Dispatcher } from "./dispatcher.js";
import { ServerMetrics } from "../metrics/server-metrics.js";
import { InstrumentedStore } from "../metrics/store.js";
import { histogramCount, parseMetrics, value } from "../metrics/test-prometheus.js";

const running = (restartCount: number): PodStatus => ({
  phase: "Running",
  containerStatuses: [{ name: "app", state: { running: { startedAt: "2024-05-01T10:00:00.000Z" } }, ready: true, restartCount, image: "img:1", imageID: "" }],
});
const pod = (name: string): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", uid: `uid-${name}`, creationTimestamp: new Date(Date.now() - 3000).toISOString() },
  spec: { nodeName: "n1", containers: [{ name: "app", image: "img:1" }] },
  status: { phase: "Pending" },
});
const report = (name: string, status: PodStatus) => ({ namespace: "default", name, uid: `uid-${name}`, statusJson: JSON.stringify(status) });

let dir: string;
let store: LevelStore;
let metrics: ServerMetrics;
let dispatcher: Dispatcher;
let sessionId: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "skiff-status-metrics-"));
  store = await LevelStore.open(dir);
  metrics = new ServerMetrics({ processMetrics: false });
  dispatcher = new Dispatcher(new InstrumentedStore(store, metrics), { heartbeatPeriodMs: 1000, graceMultiplier: 3, evictionTimeoutMs: 10_000 }, pino({ level: "silent" }), undefined, undefined, undefined, metrics);
  const reg = await dispatcher.register({ nodeName: "n1", labels: {}, cpuMilli: 1000, memoryBytes: 1 << 30, pods: 10, addresses: [{ type: "InternalIP", address: "127.0.0.1" }], agentVersion: "0.1.0", runtimeVersion: "fake", os: "linux", arch: "amd64", agentEndpoint: "127.0.0.1:1" });
  sessionId = reg.session.id;
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const scrape = async () => parseMetrics((await metrics.render()).body);

describe("the dispatcher's metrics", () => {
  it("observes the start latency once for every pod that started, and counts restarts", async () => {
    const names = ["a", "b", "c", "d", "e"];
    for (const n of names) await store.create(pod(n));
    // Two start in one report, three in the next; "e" never starts.
    await dispatcher.updateStatus(sessionId, [report("a", running(0)), report("b", running(0))]);
    await dispatcher.updateStatus(sessionId, [report("c", running(0)), report("d", running(0)), report("a", running(2))]);
    await dispatcher.updateStatus(sessionId, [report("a", running(3)), report("b", running(0))]);
    const families = await scrape();
    expect(histogramCount(families, "skiff_pod_start_duration_seconds")).toBe(4);
    expect(value(families, "skiff_container_restarts_total", { namespace: "default" })).toBe(3);
    // Each pod was created 3 s before: no observation falls under 1 s.
    const sum = Number(families.find((f) => f.name === "skiff_pod_start_duration_seconds")!.metrics[0]!.sum);
    expect(sum).toBeGreaterThanOrEqual(4 * 3);
    expect(value(families, "skiff_store_commits_total", { result: "ok" })).toBeGreaterThanOrEqual(3);
  });

  it("counts heartbeats by node and keeps the usage a heartbeat carries", async () => {
    await dispatcher.heartbeat(sessionId, {
      timestampMs: String(Date.now()),
      windowMs: 1000,
      node: { cpuNanoCores: "1000000000", memoryBytes: String(64 * 2 ** 20) },
      pods: [{ namespace: "default", name: "a", containers: [{ name: "app", usage: { cpuNanoCores: "1000000000", memoryBytes: String(64 * 2 ** 20) } }] }],
    });
    await dispatcher.heartbeat(sessionId);
    expect(value(await scrape(), "skiff_node_heartbeats_total", { node: "n1" })).toBe(2);
    expect(dispatcher.usage.nodes().map((n) => [n.metadata.name, n.usage])).toEqual([["n1", { cpu: "1000000000n", memory: "65536Ki" }]]);
    expect(dispatcher.usage.pods("default")[0]?.containers).toEqual([{ name: "app", usage: { cpu: "1000000000n", memory: "65536Ki" } }]);
    expect(dispatcher.usage.pods("other")).toEqual([]);
  });
});
