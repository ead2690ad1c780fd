// Simulated nodes (`skiff sim`) register like any node but need no network: no node index, no
// pod subnet, so more of them can join than there are indexes; real nodes still get theirs.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NODE_INDEX_ANNOTATION, SIMULATED_NODE_LABEL, type Node } from "@skiff/api";
import { LevelStore } from "@skiff/store";
import { Dispatcher } from "./dispatcher.js";
import { clusterNetwork } from "./cluster-network.js";
import type { Registration } from "./node-object.js";

let dir: string;
let store: LevelStore;
let dispatcher: Dispatcher;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "skiff-simulated-nodes-"));
  store = await LevelStore.open(dir);
  // Room for 3 nodes with a subnet: simulated nodes must not count against them.
  const network = clusterNetwork({ clusterCIDR: "10.0.0.0/22", nodeCIDRMaskSize: 24, serviceClusterIPRange: "10.96.0.0/25" });
  dispatcher = new Dispatcher(store, { heartbeatPeriodMs: 1000, graceMultiplier: 3, evictionTimeoutMs: 10_000 }, pino({ level: "silent" }), undefined, undefined, network);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const registration = (nodeName: string, simulated: boolean): Registration => ({
  nodeName,
  labels: {},
  cpuMilli: 4000,
  memoryBytes: 8 * 2 ** 30,
  pods: 110,
  addresses: [{ type: "InternalIP", address: "127.0.0.1" }],
  agentVersion: "0.1.0",
  runtimeVersion: "fake 1.0",
  os: "linux",
  arch: "x86_64",
  agentEndpoint: simulated ? "" : "127.0.0.1:1",
  simulated,
});

describe("registering simulated nodes", () => {
  it("gives a simulated node no index and no pod subnet, and labels it", async () => {
    const { index, node } = await dispatcher.register(registration("sim-1", true));
    expect(index).toBe(0);
    expect(node.metadata.labels?.[SIMULATED_NODE_LABEL]).toBe("true");
    const stored = (await store.get({ kind: "Node", name: "sim-1" })) as Node;
    expect(stored.metadata.annotations?.[NODE_INDEX_ANNOTATION]).toBeUndefined();
    expect((stored.spec as { podCIDR?: string }).podCIDR).toBeUndefined();
    expect(stored.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
  });

  it("lets more simulated nodes join than there are node indexes, and a real node still gets the first index", async () => {
    for (let i = 1; i <= dispatcher.network.maxIndex + 3; i++) await dispatcher.register(registration(`sim-${i}`, true));
    expect((await store.list("Node")).items).toHaveLength(dispatcher.network.maxIndex + 3);
    const real = await dispatcher.register(registration("real-1", false));
    expect(real.index).toBe(1);
    expect(real.node.metadata.labels?.[SIMULATED_NODE_LABEL]).toBeUndefined();
  }, 60_000);
});
