import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { Node } from "@skiff/api";
import { LevelStore } from "@skiff/store";
import { Dispatcher } from "./dispatcher.js";
import { NODE_INDEX_ANNOTATION, heldNodeIndex, lowestFreeNodeIndex, withNodeIndex } from "./node-index.js";
import { clusterNetwork, podCIDRFor } from "./cluster-network.js";
import { testRegistration } from "./test-registration.js";

const NET = clusterNetwork();
const SMALL = clusterNetwork({ clusterCIDR: "10.1.0.0/22", nodeCIDRMaskSize: 24, serviceClusterIPRange: "10.96.0.0/25" });
const node = (name: string, podCIDR?: string): Node => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name },
  ...(podCIDR !== undefined ? { spec: { podCIDR } as Node["spec"] } : {}),
});

describe("node indexes", () => {
  const cases: { name: string; nodes: Node[]; self: string; want: number }[] = [
    { name: "the first node gets 1", nodes: [], self: "a", want: 1 },
    { name: "the lowest free one", nodes: [node("a", "10.240.2.0/23"), node("b", "10.240.6.0/23")], self: "c", want: 2 },
    { name: "a node's own subnet does not count as taken", nodes: [node("a", "10.240.2.0/23")], self: "a", want: 1 },
    { name: "a subnet outside the plan holds nothing", nodes: [node("a", "x"), node("b", "10.240.0.0/23"), node("c", "10.240.2.0/24"), node("d", "10.99.2.0/23")], self: "e", want: 1 },
  ];
  for (const c of cases) it(c.name, () => expect(lowestFreeNodeIndex(NET, c.nodes, c.self)).toBe(c.want));

  it("refuses a node when every block is taken, naming the flags", () => {
    const all = [1, 2, 3].map((i) => node(`n${i}`, podCIDRFor(SMALL, i)));
    expect(() => lowestFreeNodeIndex(SMALL, all, "late")).toThrow(/no free pod subnet for node "late": all 3 \/24 blocks of --cluster-cidr 10.1.0.0\/22 are taken/);
  });

  it("gives block i of the cluster range, and reads a node's block back", () => {
    expect([1, 3, 2047].map((i) => podCIDRFor(NET, i))).toEqual(["10.240.2.0/23", "10.240.6.0/23", "10.255.254.0/23"]);
    expect(heldNodeIndex(NET, node("a", "10.240.6.0/23"))).toBe(3);
    // A subnet of skiff's first fixed plan (node 1 had 10.244.2.0/23) is a block of the default range.
    expect(heldNodeIndex(NET, node("a", "10.244.2.0/23"))).toBe(513);
    expect(withNodeIndex(SMALL, node("a"), 2).spec).toEqual({ podCIDR: "10.1.2.0/24", podCIDRs: ["10.1.2.0/24"] });
    expect(withNodeIndex(SMALL, node("a"), 2).metadata.annotations).toEqual({ [NODE_INDEX_ANNOTATION]: "2" });
  });
});

describe("Dispatcher.register", () => {
  const reg = testRegistration;

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
      expect((stored.spec as { podCIDR?: string }).podCIDR).toBe(podCIDRFor(NET, again.index));
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("keeps a subnet the node holds in the plan, and gives a new one when the plan changed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "skiff-dispatcher-"));
    const store = await LevelStore.open(dir);
    try {
      const lifecycle = { heartbeatPeriodMs: 1000, graceMultiplier: 3, evictionTimeoutMs: 10_000 };
      const old = new Dispatcher(store, lifecycle, pino({ level: "silent" }), undefined, undefined, clusterNetwork({ clusterCIDR: "10.244.0.0/16" }));
      expect((await old.register(reg("a"))).node.spec).toMatchObject({ podCIDR: "10.244.2.0/23" });
      const wider = new Dispatcher(store, lifecycle, pino({ level: "silent" }), undefined, undefined, NET);
      const kept = await wider.register(reg("a"));
      expect(kept.node.spec).toMatchObject({ podCIDR: "10.244.2.0/23" });
      expect(kept.index).toBe(513);
      const other = new Dispatcher(store, lifecycle, pino({ level: "silent" }), undefined, undefined, SMALL);
      expect((await other.register(reg("a"))).node.spec).toMatchObject({ podCIDR: "10.1.1.0/24" });
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
