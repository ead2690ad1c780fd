// Seconds from applying 50 one-container pods on a 2-agent cluster to all Running, next to the
// seconds the same Docker engine takes for 50 `docker run -d` at parallelism 8, and the ratio.
// Real processes (a `skiff server` and two `skiff agent`s), real Docker, the local test image.
import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";

const exec = promisify(execFile);
const { SkiffClient } = await import("../../packages/client/dist/index.js");
const SKIFF = new URL("../../packages/cli/dist/main.js", import.meta.url).pathname;
const IMAGE = "skiff-test/busybox:1";
const PODS = Number(process.env.BENCH_PODS ?? 50);
const PARALLEL = 8;
const run = Math.random().toString(16).slice(2, 8);
const nodes = [`bench${run}-1`, `bench${run}-2`];

const children = [];
const start = (args) => {
  const child = spawn(process.execPath, [SKIFF, ...args], { stdio: "ignore" });
  children.push(child);
  return child;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function removeContainers(filter) {
  const { stdout } = await exec("docker", ["ps", "-aq", "--filter", filter]);
  const ids = stdout.split("\n").filter(Boolean);
  for (let i = 0; i < ids.length; i += 50) await exec("docker", ["rm", "-f", ...ids.slice(i, i + 50)]);
}

async function skiffRun() {
  const dir = await mkdtemp(join(tmpdir(), "skiff-bench-pods-"));
  const server = `127.0.0.1:${17000 + Math.floor(Math.random() * 1000)}`;
  start(["server", "--data-dir", dir, "--listen", server]);
  const client = new SkiffClient({ server });
  try {
    for (;;) {
      try {
        await client.health();
        break;
      } catch {
        await sleep(100);
      }
    }
    nodes.forEach((name, i) => start(["agent", "--server", server, "--name", name, "--address", `127.0.2.${i + 1}`]));
    for (;;) {
      const { items } = await client.nodes.list();
      if (items.filter((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")).length === 2) break;
      await sleep(100);
    }
    const pods = Array.from({ length: PODS }, (_, i) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `bench-${i}` },
      spec: { terminationGracePeriodSeconds: 1, containers: [{ name: "main", image: IMAGE, command: ["sleep", "3600"] }] },
    }));
    const t0 = performance.now();
    await client.apply(pods);
    for (;;) {
      const { items } = await client.pods.list({ namespace: "default" });
      if (items.filter((p) => p.status?.phase === "Running").length === PODS) break;
      await sleep(50);
    }
    return (performance.now() - t0) / 1000;
  } finally {
    client.close();
    for (const c of children) c.kill("SIGKILL");
    for (const n of nodes) await removeContainers(`label=skiff.node=${n}`);
    await rm(dir, { recursive: true, force: true });
  }
}

async function dockerRun() {
  const label = `skiff.bench=${run}`;
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < PODS) {
      const i = next++;
      await exec("docker", ["run", "-d", "--label", label, "--name", `bench${run}-docker-${i}`, IMAGE, "sleep", "3600"]);
    }
  };
  try {
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    return (performance.now() - t0) / 1000;
  } finally {
    await removeContainers(`label=${label}`);
  }
}

const docker = await dockerRun();
const skiff = await skiffRun();
console.log(`\nskiff bench: pods (${PODS} one-container pods, 2 agents, ${new Date().toISOString()})`);
console.log(`skiff: apply -> all Running        ${skiff.toFixed(2).padStart(8)} s`);
console.log(`docker run -d x${PODS}, parallelism ${PARALLEL} ${docker.toFixed(2).padStart(8)} s`);
console.log(`ratio (target <= 1.2)              ${(skiff / docker).toFixed(2).padStart(8)}`);
console.log("(each skiff pod is two containers: the infra container holding its network, and its app)");
