// An idle cluster's cost: a server and 3 agents running 100 pods (a Deployment, about 33 per
// agent), left alone for IDLE_SECONDS (60); the CPU each process used in that window, as % of one
// core, and its RSS. Nothing in skiff's control plane polls (issue 16: under 1% of a core for the
// server), so what remains is heartbeats. Targets (issue 18): the server < 1% of a core, an agent
// with 30 pods < 60 MB RSS. dockerd's own CPU in the same window is printed beside it: the engine
// under the same pods.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cpuSeconds, rssMiB, sleep, startCluster } from "./cluster.mjs";

const exec = promisify(execFile);
const SHORT = Boolean(process.env.BENCH_SHORT);
const PODS = Number(process.env.BENCH_IDLE_PODS ?? (SHORT ? 6 : 100));
// BENCH_IDLE_AGENTS=1 BENCH_IDLE_PODS=30: issue 18's case, one agent with 30 pods.
const AGENTS = Number(process.env.BENCH_IDLE_AGENTS ?? 3);
const SECONDS = Number(process.env.IDLE_SECONDS ?? (SHORT ? 3 : 60));

const cluster = await startCluster({ agents: AGENTS, name: "benchidle" });
const rows = [];
try {
  const { client } = cluster;
  // Registered and idle, before any pod: what the processes cost by themselves.
  await sleep(SHORT ? 1_000 : 5_000);
  const startRss = await Promise.all([cluster.server.pid, ...cluster.agents.map((a) => a.pid)].map(rssMiB));
  await client.apply([
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "idle" },
      spec: {
        replicas: PODS,
        selector: { matchLabels: { app: "idle" } },
        template: { metadata: { labels: { app: "idle" } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: "main", image: "skiff-test/busybox:1", command: ["sleep", "3600"] }] } },
      },
    },
  ]);
  const deadline = Date.now() + 300_000;
  for (;;) {
    const { items } = await client.pods.list({ namespace: "default" });
    if (items.filter((p) => p.status?.phase === "Running").length === PODS) break;
    if (Date.now() > deadline) throw new Error(`idle bench: ${PODS} pods not Running after 300 s`);
    await sleep(500);
  }
  await sleep(SHORT ? 1_000 : 5_000); // the last status reports and Events settle
  const perNode = new Map();
  for (const p of (await client.pods.list({ namespace: "default" })).items) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  const dockerd = Number((await exec("pidof", ["dockerd"]).catch(() => ({ stdout: "" }))).stdout.trim().split(" ")[0]) || undefined;
  const procs = [
    ["server", cluster.server.pid, PODS],
    ...cluster.agents.map((a, i) => [`agent ${i + 1}`, a.pid, perNode.get(cluster.nodes[i]) ?? 0]),
    ...(dockerd ? [["dockerd (the peer)", dockerd, PODS]] : []),
  ];
  const before = await Promise.all(procs.map(([, pid]) => cpuSeconds(pid)));
  await sleep(SECONDS * 1000);
  const after = await Promise.all(procs.map(([, pid]) => cpuSeconds(pid)));
  for (const [i, [name, pid, pods]] of procs.entries()) {
    rows.push([name, pods, (100 * (after[i] - before[i])) / SECONDS, await rssMiB(pid), startRss[i]]);
  }
} finally {
  await cluster.stop();
}

console.log(`\nskiff bench: an idle cluster (${AGENTS} agents, ${PODS} pods, ${SECONDS} s, ${new Date().toISOString()})`);
console.log(`${"process".padEnd(20)} ${"CPU % of a core".padStart(16)} ${"RSS MiB".padStart(9)} ${"pods".padStart(6)} ${"RSS MiB before pods".padStart(20)}`);
for (const [name, pods, cpu, rss, start] of rows) console.log(`${name.padEnd(20)} ${cpu.toFixed(2).padStart(16)} ${rss.toFixed(0).padStart(9)} ${String(pods).padStart(6)} ${(start === undefined ? "" : start.toFixed(0)).padStart(20)}`);
console.log("(targets: the server under 1% of a core, issues 16 and 18; an agent with 30 pods under 60 MB RSS, issue 18)");
