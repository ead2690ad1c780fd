// `skiff sim` against a real server process (issue 18): 200 simulated nodes join with a join
// token like real agents, and 2,000 pods of two Deployments bind to them and are reported
// Running. Behaviour, not timing: the time limits are generous, and nothing here uses Docker.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SkiffClient } from "@skiff/client";
import type { Node, Pod } from "@skiff/api";
import { skiff, spawnSkiff, startServer, tempDir, type ServerProcess } from "./support/skiff.js";

const NODES = 200;
const PODS = 2000;
const MAX_PODS = 10;

let server: ServerProcess;
let dispose: () => Promise<void>;
let client: SkiffClient;
let dir: Awaited<ReturnType<typeof tempDir>>;
let sim: ReturnType<typeof spawnSkiff>;

beforeAll(async () => {
  ({ server, dispose } = await startServer());
  client = new SkiffClient(server.clientOptions());
  dir = await tempDir("sim");
  const { token } = await client.tokens.create("join", { ttlSeconds: 3600, description: "sim test" });
  await writeFile(join(dir.path, "join-token"), `${token}\n`, { mode: 0o600 });
  sim = spawnSkiff(
    ["sim", "--server", server.address, "--nodes", String(NODES), "--max-pods", String(MAX_PODS), "--token-file", join(dir.path, "join-token"), "--state-dir", join(dir.path, "nodes")],
    { HOME: dir.path },
  );
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  client?.close();
  await dispose?.();
  await dir?.remove();
});

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const ready = (n: Node) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

describe("skiff sim: 200 simulated nodes and 2,000 pods", () => {
  it("joins every node with a certificate, each Ready, labelled simulated, with no pod subnet", async () => {
    await sim.waitFor(new RegExp(`registered ${NODES}/${NODES} nodes`), 300_000);
    await sim.waitFor(/skiff sim: 200 simulated nodes \(sim-001 \.\. sim-200\) registered/, 10_000);
    const nodes = await until(
      "every simulated node Ready",
      async () => {
        const { items } = await client.nodes.list();
        return items.filter(ready).length === NODES ? items : undefined;
      },
      120_000,
    );
    expect(nodes.map((n) => n.metadata.name).sort()).toEqual(Array.from({ length: NODES }, (_, i) => `sim-${String(i + 1).padStart(3, "0")}`));
    for (const n of nodes) {
      expect(n.metadata.labels?.["skiff.dev/simulated"]).toBe("true");
      expect(n.metadata.annotations?.["skiff.dev/node-index"]).toBeUndefined();
      expect((n.spec as { podCIDR?: string }).podCIDR).toBeUndefined();
      expect(n.status?.capacity).toMatchObject({ cpu: "4", pods: String(MAX_PODS) });
    }
  }, 420_000);

  it("binds 2,000 pods over the nodes, within each node's pod limit, and each is reported Running", async () => {
    await client.apply(
      ["a", "b"].map((name) => ({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: `sim-${name}` },
        spec: {
          replicas: PODS / 2,
          selector: { matchLabels: { app: `sim-${name}` } },
          template: { metadata: { labels: { app: `sim-${name}` } }, spec: { containers: [{ name: "main", image: "sim/never-pulled:1" }] } },
        },
      })),
    );
    const pods = await until(
      "2,000 pods bound and Running",
      async () => {
        const { items } = await client.pods.list({ namespace: "default" });
        const live = (items as Pod[]).filter((p) => !p.metadata.deletionTimestamp);
        return live.length === PODS && live.every((p) => p.spec.nodeName && p.status?.phase === "Running") ? live : undefined;
      },
      900_000,
    );
    const perNode = new Map<string, number>();
    for (const p of pods) perNode.set(p.spec.nodeName!, (perNode.get(p.spec.nodeName!) ?? 0) + 1);
    expect([...perNode.keys()].every((n) => /^sim-\d{3}$/.test(n))).toBe(true);
    expect(Math.max(...perNode.values())).toBeLessThanOrEqual(MAX_PODS);
    // 2,000 pods at most 10 a node need every one of the 200 nodes.
    expect(perNode.size).toBe(NODES);
    const { items: nodes } = await client.nodes.list();
    expect(nodes.filter(ready)).toHaveLength(NODES);
  }, 960_000);

  it("answers logs of a simulated pod with a clear error, not a hang", async () => {
    const { items } = await client.pods.list({ namespace: "default" });
    const r = await skiff(["logs", items[0]!.metadata.name], { env: server.env });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/skiff sim simulates: its containers are not real, so there are no logs and no exec/);
  }, 60_000);

  it("stops on SIGTERM, saying what becomes of the Node objects", async () => {
    await sim.stop();
    expect(sim.stderr).toMatch(/stopped 200 simulated nodes; their Node objects stay/);
  }, 60_000);
});
