import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { Node } from "@skiff/api";
import { LevelStore } from "@skiff/store";
import { Dispatcher } from "./dispatcher.js";
import { NODE_INDEX_ANNOTATION, lowestFreeNodeIndex, nodeIndexOf, podCIDRFor } from "./node-index.js";
import type { Registration } from "./node-object.js";

const node = (name: string, index?: string): Node => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name, ...(index !== undefined ? { annotations: { [NODE_INDEX_ANNOTATION]: index } } : {}) },
});

describe("node indexes", () => {
  const cases: { name: string; nodes: Node[]; self: string; want: number }[] = [
    { name: "the first node gets 1", nodes: [], self: "a", want: 1 },
    { name: "the lowest free one", nodes: [node("a", "1"), node("b", "3")], self: "c", want: 2 },
    { name: "a node's own stale index does not count as taken", nodes: [node("a", "1")], self: "a", want: 1 },
    { name: "a malformed annotation holds nothing", nodes: [node("a", "x"), node("b", "0"), node("c", "200")], self: "d", want: 1 },
  ];
  for (const c of cases) it(c.name, () => expect(lowestFreeNodeIndex(c.nodes, c.self)).toBe(c.want));

  it("refuses the 128th node", () => {
    const all = Array.from({ length: 127 }, (_, i) => node(`n${i}`, String(i + 1)));
    expect(() => lowestFreeNodeIndex(all, "late")).toThrow(/no free node index/);
  });

  it("gives the subnet of docs/networking.md", () => {
    expect([1, 3, 127].map(podCIDRFor)).toEqual(["10.244.2.0/23", "10.244.6.0/23", "10.244.254.0/23"]);
    expect(nodeIndexOf(node("a", "3"))).toBe(3);
  });
});

describe("Dispatcher.register", () => {
  const reg = (nodeName: string): Registration => ({
    nodeName,
    labels: {},
    cpuMilli: 1000,
    memoryBytes: 1 << 30,
    pods: 10,
    addresses: [{ type: "InternalIP", address: "127.0.0.1" }],
    agentVersion: "0.1.0",
    runtimeVersion: "fake",
    os: "linux",
    arch: "amd64",
    agentEndpoint: "127.0.0.1:1",
  });

  it("gives nodes registering at once different indexes, and keeps each on re-registration", async () => {
    const dir = await mkdtemp(join(tmpdir(), "skiff-dispatcher-"));
    const store = await LevelStore.open(dir);
    try {
      const d = new Dispatcher(store, { heartbeatPeriodMs: 1000, graceMultiplier: 3, evictionTimeoutMs: 10_000 }, pino({ level: "silent" }));
      const names = ["a", "b", "c", "d", "e", "f"];
      const first = await Promise.all(names.map((n) => d.register(reg(n))));
      expect(first.map((r) => r.index).sort()).toEqual([1, 2, 3, 4, 5, 6]);
      const again = await d.register(reg("d"));
      expect(again.index).toBe(first[3]?.index);
      const stored = (await store.get({ kind: "Node", name: "d" })) as Node;
      expect(stored.metadata.annotations?.[NODE_INDEX_ANNOTATION]).toBe(String(again.index));
      expect((stored.spec as { podCIDR?: string }).podCIDR).toBe(podCIDRFor(again.index));
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
