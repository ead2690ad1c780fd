// Scheduler plugins a user adds (issue 13), on the real binary, no Docker:
//   - the example MostAllocated plugin, loaded by examples/scheduler-plugins/most-allocated.yaml,
//     packs a Deployment's 6 pods onto one of 3 simulated nodes, where a server without the
//     config spreads them 2 a node; `describe pod` shows the plugin's scores;
//   - a broken config or plugin module stops `skiff server` with exit code 1 and a message naming
//     the file and what is wrong, before it makes its data dir or listens on any port.
import { createServer } from "node:net";
import { mkdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SkiffClient } from "@skiff/client";
import type { Node, Pod } from "@skiff/api";
import { REPO, ServerProcess, freePort, skiff, spawnSkiff, tempDir } from "./support/skiff.js";

const EXAMPLE_CONFIG = join(REPO, "examples/scheduler-plugins/most-allocated.yaml");

/** A server, its client and 3 simulated nodes of 4 cpu / 8Gi each. */
async function clusterWith(name: string, flags: string[]) {
  const dir = await tempDir(`sched-${name}`);
  const server = new ServerProcess(join(dir.path, "data"), await freePort(), flags);
  server.startTimeoutMs = 120_000; // behaviour, not timing: the machine may be loaded
  await server.start();
  const client = new SkiffClient(server.clientOptions());
  const { token } = await client.tokens.create("join", { ttlSeconds: 3600, description: "scheduler plugins test" });
  await writeFile(join(dir.path, "join-token"), `${token}\n`, { mode: 0o600 });
  const sim = spawnSkiff(["sim", "--server", server.address, "--nodes", "3", "--name-prefix", name, "--cpu", "4", "--memory", "8Gi", "--token-file", join(dir.path, "join-token"), "--state-dir", join(dir.path, "nodes")], { HOME: dir.path });
  return {
    server,
    client,
    sim,
    async dispose() {
      await sim.stop();
      client.close();
      await server.stop("SIGKILL");
      await dir.remove();
    },
  };
}
type Cluster = Awaited<ReturnType<typeof clusterWith>>;

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const ready = (n: Node) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

/** Apply a Deployment of 6 pods (500m, 512Mi each) once the 3 nodes are Ready; resolve to the pods once all are bound. */
async function placeSix(c: Cluster): Promise<Pod[]> {
  await c.sim.waitFor(/registered 3\/3 nodes/, 120_000);
  await until("3 Ready nodes", async () => ((await c.client.nodes.list()).items.filter(ready).length === 3 ? true : undefined), 120_000);
  await c.client.apply([
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "six" },
      spec: {
        replicas: 6,
        selector: { matchLabels: { app: "six" } },
        template: { metadata: { labels: { app: "six" } }, spec: { containers: [{ name: "main", image: "sim/never-pulled:1", resources: { requests: { cpu: "500m", memory: "512Mi" } } }] } },
      },
    },
  ]);
  return until(
    "6 pods bound",
    async () => {
      const live = ((await c.client.pods.list({ namespace: "default" })).items as Pod[]).filter((p) => !p.metadata.deletionTimestamp);
      return live.length === 6 && live.every((p) => p.spec.nodeName) ? live : undefined;
    },
    180_000,
  );
}

const perNode = (pods: Pod[]) => {
  const count = new Map<string, number>();
  for (const p of pods) count.set(p.spec.nodeName!, (count.get(p.spec.nodeName!) ?? 0) + 1);
  return [...count.values()].sort();
};

describe("a scheduler plugin loaded from --scheduler-config", () => {
  let packed: Cluster;
  let spread: Cluster;
  beforeAll(async () => {
    packed = await clusterWith("packed", ["--scheduler-config", EXAMPLE_CONFIG]);
    spread = await clusterWith("spread", []);
  }, 300_000);
  afterAll(async () => {
    await packed?.dispose();
    await spread?.dispose();
  });

  it("packs 6 pods onto one node with MostAllocated, where the default scores spread them 2 a node", async () => {
    const [packedPods, spreadPods] = await Promise.all([placeSix(packed), placeSix(spread)]);
    expect(perNode(packedPods)).toEqual([6]);
    expect(perNode(spreadPods)).toEqual([2, 2, 2]);
    expect(packed.server.logs).toMatch(/"score":\["MostAllocated\(x1\)","TaintToleration\(x3\)"\].*"scheduler started"/);
  }, 420_000);

  it("shows the plugin's scores in describe pod, as the built-in ones", async () => {
    // A pod placed after the first: its node already held some, so the scores differ. On an empty
    // node a pod scores 9 (500m of 4 cpu, 512Mi of 8Gi) + 3 x 100 (no taints) = 309.
    const pods = (await packed.client.pods.list({ namespace: "default" })).items as Pod[];
    const later = pods.find((p) => (JSON.parse(p.metadata.annotations?.["skiff.dev/scheduling"] ?? "{}").scores?.[0]?.[1] ?? 0) > 309);
    expect(later, "a pod scheduled onto a node that already had pods").toBeDefined();
    const r = await skiff(["describe", "pod", later!.metadata.name], { env: packed.server.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/NODE\s+MostAllocated\s+TaintToleration \(x3\)\s+TOTAL/);
    // TaintToleration gives 100 on every (untainted) node; the fuller node wins on MostAllocated.
    const rows = [...r.stdout.matchAll(/^\s+(packed-\d+)\s+(\d+)\s+100\s+(\d+)$/gm)].map((m) => ({ node: m[1], most: Number(m[2]), total: Number(m[3]) }));
    expect(rows).toHaveLength(3);
    expect(rows[0]!.node).toBe(later!.spec.nodeName);
    expect(rows[0]!.most).toBeGreaterThan(rows[1]!.most);
    for (const row of rows) expect(row.total).toBe(row.most + 300);

    const other = (await spread.client.pods.list({ namespace: "default" })).items[0] as Pod;
    const d = await skiff(["describe", "pod", other.metadata.name], { env: spread.server.env });
    expect(d.stdout).toMatch(/NODE\s+TaintToleration \(x3\)\s+LeastAllocated\s+SelectorSpread \(x2\)\s+TOTAL/);
  }, 60_000);
});

/** Nothing listens on `port` (we can listen there ourselves). */
async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

describe("a broken scheduler config or plugin module", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir("sched-broken");
    await mkdir(join(dir.path, "plugins"));
    const files: Record<string, string> = {
      "plugins/most.mjs": "export default { name: 'MostAllocated', weight: 1, score: () => 50 };",
      "plugins/throws.mjs": "throw new Error('cannot reach the inventory service');",
      "plugins/half.mjs": "export default { name: 'Half', filter: 'yes' };",
      "plugins/taken.mjs": "export default { name: 'NodeReady', filter: () => ({ fit: true }) };",
      "bad-yaml.yaml": "plugins: { score: [",
      "unknown.yaml": "pluginModules: [./plugins/most.mjs]\nplugins: { score: { enabled: [MostAlocated] } }\n",
      "no-module.yaml": "pluginModules: [./plugins/absent.js]\n",
      "throws.yaml": "pluginModules: [./plugins/throws.mjs]\n",
      "not-plugin.yaml": "pluginModules: [./plugins/half.mjs]\n",
      "duplicate.yaml": "pluginModules: [./plugins/taken.mjs]\n",
      "weight.yaml": "plugins: { score: { enabled: [{ name: LeastAllocated, weight: 0 }] } }\n",
    };
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir.path, name), text);
  });
  afterAll(async () => {
    await dir?.remove();
  });

  it.each([
    ["a file that is not there", "absent.yaml", /absent\.yaml: cannot read the scheduler config: no such file/],
    ["a YAML error", "bad-yaml.yaml", /bad-yaml\.yaml: not valid YAML: /],
    ["an unknown plugin name", "unknown.yaml", /unknown\.yaml: plugins\.score\.enabled\[0\]\.name: unknown plugin "MostAlocated" \(did you mean "MostAllocated"\?\)/],
    ["a module that is not there", "no-module.yaml", /no-module\.yaml: pluginModules\[0\]: \.\/plugins\/absent\.js: module not found: .*plugins\/absent\.js/],
    ["a module that throws at import", "throws.yaml", /throws\.yaml: pluginModules\[0\]: \.\/plugins\/throws\.mjs: importing it failed: Error: cannot reach the inventory service/],
    ["a module whose export is not a plugin", "not-plugin.yaml", /not-plugin\.yaml: pluginModules\[0\]: \.\/plugins\/half\.mjs does not export a scheduler plugin: default export: filter is a string \("yes"\), not a function/],
    ["a plugin named as a built-in one", "duplicate.yaml", /duplicate\.yaml: pluginModules\[0\]: \.\/plugins\/taken\.mjs exports a plugin named NodeReady, the name of a built-in plugin/],
    ["a weight out of range", "weight.yaml", /weight\.yaml: plugins\.score\.enabled\[0\]\.weight: must be an integer from 1 to 100, got 0/],
  ])("refuses %s: exit 1, the message, no data dir, no port", async (_what, file, message) => {
    const [port, kubePort] = [await freePort(), await freePort()];
    const dataDir = join(dir.path, `data-${file}`);
    const r = await skiff(["server", "--data-dir", dataDir, "--listen", `127.0.0.1:${port}`, "--kube-listen", `127.0.0.1:${kubePort}`, "--client-config", join(dir.path, "cc"), "--scheduler-config", join(dir.path, file)]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout).not.toMatch(/listening/);
    expect(existsSync(dataDir)).toBe(false); // refused before it made or opened anything
    expect(await portIsFree(port)).toBe(true);
    expect(await portIsFree(kubePort)).toBe(true);
  }, 60_000);
});
