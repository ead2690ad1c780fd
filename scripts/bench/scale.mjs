// The control plane at scale (issue 18): a real `skiff server` process (secure, as by default)
// and a `skiff sim` process of simulated nodes (real node sessions, the agent's fake runtime),
// a fresh pair for each case (nodes, pods). Per case: seconds from starting the nodes to all Ready,
// from applying the Deployments to all pods bound and all Running (as the nodes reported it),
// pods/s (Running), the server's RSS idle (before any node) and at the end, its CPU seconds over
// the case, and how many nodes were ever seen not Ready after being Ready (must be 0). A case that
// does not finish within its time limit says so ("not reached in N s") and the next one runs.
// Nothing here uses Docker.
//
//   node scripts/bench/scale.mjs [--cases 10x100,100x1000,1000x10000] [--limit SECONDS] [--profile DIR]
//
// --profile DIR: the server and the sim run with --cpu-prof and are stopped with SIGTERM at the end of each
// case, so that V8 writes their CPU profiles (a .cpuprofile each per case) into DIR.
//   npm run bench -- scale [--cases ...]
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cpuSeconds, rssMiB, sleep, SKIFF, startCluster } from "./cluster.mjs";

const SHORT = Boolean(process.env.BENCH_SHORT);
const DEFAULT_CASES = SHORT ? "5x20" : "10x100,100x1000,1000x10000";
// Seconds each phase of a case (nodes joining; pods bound and Running) may take, when --limit does not say.
const defaultLimit = (nodes, pods) => Math.max(120, Math.ceil(nodes * 0.2 + pods * 0.03));
// The image the simulated nodes "run": the fake runtime has every image.
const IMAGE = "sim/pause:1";
// Pods per Deployment: several controllers share the work, as several workloads would.
const PER_DEPLOYMENT = 1000;

function flag(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function parseCases(text) {
  return text.split(",").map((c) => {
    const m = /^(\d+)x(\d+)$/.exec(c.trim());
    if (!m) {
      console.error(`scale bench: --cases wants NODESxPODS[,NODESxPODS...] (e.g. 10x100,100x1000), not "${c}"`);
      process.exit(2);
    }
    return { nodes: Number(m[1]), pods: Number(m[2]) };
  });
}

const cases = parseCases(flag("--cases") ?? DEFAULT_CASES);
const limitFlag = flag("--limit") === undefined ? undefined : Number(flag("--limit"));
if (limitFlag !== undefined && !(limitFlag > 0)) {
  console.error("scale bench: --limit wants a number of seconds");
  process.exit(2);
}

const profileDir = flag("--profile");

const isReady = (n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

/**
 * Run `onEvent` for every event of a watch until `signal` aborts. A watch the server ends (on a
 * loaded machine the bench itself can be too slow a reader: "watch too slow") starts again from
 * the current objects, which arrive as ADDED: the sets below only need each object's latest state.
 */
function follow(client, kind, options, onEvent, signal) {
  return (async () => {
    while (!signal.aborted) {
      try {
        for await (const ev of client.watch(kind, { ...options, signal })) onEvent(ev);
      } catch (err) {
        if (signal.aborted) return;
        console.error(`scale bench: ${kind} watch ended (${err.message}); watching again`);
        await sleep(500);
      }
    }
  })();
}

/** Follow every Node: the Ready ones, and the names ever seen not Ready after being Ready. */
function watchNodes(client, signal) {
  const ready = new Set();
  const fell = new Set();
  const done = follow(client, "Node", {}, (ev) => {
    const name = ev.object?.metadata.name;
    if (!name) return;
    if (ev.type !== "DELETED" && isReady(ev.object)) ready.add(name);
    else if (ready.delete(name)) fell.add(name);
  }, signal);
  return { ready, fell, done };
}

/** Follow every Pod of the bench's Deployments: which exist, which are bound, which Running. */
function watchPods(client, signal) {
  const made = new Set();
  const bound = new Set();
  const running = new Set();
  const done = follow(client, "Pod", { namespace: "default", labelSelector: "bench=scale" }, (ev) => {
    const uid = ev.object?.metadata.uid;
    if (!uid) return;
    if (ev.type === "DELETED") {
      made.delete(uid);
      bound.delete(uid);
      running.delete(uid);
      return;
    }
    made.add(uid);
    if (ev.object.spec?.nodeName) bound.add(uid);
    if (ev.object.status?.phase === "Running") running.add(uid);
    else running.delete(uid);
  }, signal);
  return { made, bound, running, done };
}

/** Seconds from `since` until `check()` holds, or undefined when `deadline` passes first. */
async function secondsUntil(check, since, deadline) {
  while (!check()) {
    if (Date.now() > deadline) return undefined;
    await sleep(50);
  }
  return (Date.now() - since) / 1000;
}

function deployments(pods) {
  const out = [];
  for (let i = 0, left = pods; left > 0; i++, left -= PER_DEPLOYMENT) {
    const name = `scale-${i + 1}`;
    out.push({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name },
      spec: {
        replicas: Math.min(left, PER_DEPLOYMENT),
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name, bench: "scale" } }, spec: { containers: [{ name: "main", image: IMAGE }] } },
      },
    });
  }
  return out;
}

async function runCase({ nodes, pods }) {
  const limit = limitFlag ?? defaultLimit(nodes, pods);
  const row = { nodes, pods, limit };
  const serverNodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=server-${nodes}x${pods}.cpuprofile`] : [];
  const cluster = await startCluster({ agents: 0, name: "benchscale", serverNodeArgs });
  const dir = await mkdtemp(join(tmpdir(), "skiff-benchscale-sim-"));
  const ac = new AbortController();
  let sim;
  try {
    const { client, server } = cluster;
    const address = server.spawnargs[server.spawnargs.indexOf("--listen") + 1];
    const { token } = await client.tokens.create("join", { ttlSeconds: 3600, description: "scale bench" });
    const tokenFile = join(dir, "join-token");
    await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
    await sleep(1000); // the server settles after start
    row.rssIdle = await rssMiB(server.pid);
    const cpuStart = await cpuSeconds(server.pid);
    const nodeWatch = watchNodes(client, ac.signal);
    const podWatch = watchPods(client, ac.signal);

    const started = Date.now();
    const simArgs = ["sim", "--server", address, "--nodes", String(nodes), "--token-file", tokenFile, "--state-dir", join(dir, "nodes"), "--name-prefix", "scale"];
    const simNodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=sim-${nodes}x${pods}.cpuprofile`] : [];
    sim = spawn(process.execPath, [...simNodeArgs, SKIFF, ...simArgs], { stdio: ["ignore", "ignore", "pipe"] });
    let simErr = "";
    sim.stderr.on("data", (d) => (simErr = (simErr + d).slice(-2000)));
    const simExit = new Promise((resolve) => sim.once("exit", (code) => resolve(code)));
    void simExit.then((code) => {
      if (!ac.signal.aborted) console.error(`scale bench: skiff sim exited early (${code}): ${simErr.trim()}`);
    });

    row.ready = await secondsUntil(() => nodeWatch.ready.size >= nodes, started, started + limit * 1000);
    if (row.ready !== undefined) {
      const applied = Date.now();
      const deadline = applied + limit * 1000;
      await client.apply(deployments(pods));
      // A line every 10 s, so that a slow case shows which stage lags: made, bound or Running.
      const progress = setInterval(() => {
        const at = ((Date.now() - applied) / 1000).toFixed(0);
        console.error(`scale bench: ${at} s: ${podWatch.made.size} pods made, ${podWatch.bound.size} bound, ${podWatch.running.size} Running`);
      }, 10_000);
      ac.signal.addEventListener("abort", () => clearInterval(progress));
      row.bound = await secondsUntil(() => podWatch.bound.size >= pods, applied, deadline);
      row.running = await secondsUntil(() => podWatch.running.size >= pods, applied, deadline);
      if (row.running !== undefined) row.podsPerSecond = pods / row.running;
      else row.progress = `${podWatch.bound.size} bound, ${podWatch.running.size} Running`;
    } else {
      row.progress = `${nodeWatch.ready.size} nodes Ready`;
    }
    row.rssEnd = await rssMiB(server.pid);
    row.cpu = (await cpuSeconds(server.pid)) - cpuStart;
    row.notReady = nodeWatch.fell.size;
  } finally {
    ac.abort();
    if (sim && sim.exitCode === null) {
      sim.kill("SIGTERM");
      await Promise.race([new Promise((r) => sim.once("exit", r)), sleep(10_000)]);
      if (sim.exitCode === null) sim.kill("SIGKILL");
    }
    if (profileDir && cluster.server.exitCode === null) {
      // A graceful stop, so that V8 writes the profile (stop() kills with SIGKILL).
      cluster.server.kill("SIGTERM");
      await Promise.race([new Promise((r) => cluster.server.once("exit", r)), sleep(60_000)]);
    }
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return row;
}

const rows = [];
for (const c of cases) {
  console.error(`scale bench: ${c.nodes} nodes, ${c.pods} pods...`);
  rows.push(await runCase(c));
}

const secs = (s, limit) => (s === undefined ? `not reached in ${limit} s` : s.toFixed(1));
const columns = [
  ["nodes", (r) => String(r.nodes)],
  ["pods", (r) => String(r.pods)],
  ["nodes Ready s", (r) => secs(r.ready, r.limit)],
  ["all bound s", (r) => (r.ready === undefined ? "-" : secs(r.bound, r.limit))],
  ["all Running s", (r) => (r.ready === undefined ? "-" : secs(r.running, r.limit))],
  ["pods/s", (r) => (r.podsPerSecond === undefined ? "-" : r.podsPerSecond.toFixed(0))],
  ["server RSS MiB idle -> end", (r) => `${r.rssIdle.toFixed(0)} -> ${r.rssEnd.toFixed(0)}`],
  ["server CPU s", (r) => r.cpu.toFixed(1)],
  ["NotReady seen", (r) => String(r.notReady)],
];
const widths = columns.map(([h, f]) => Math.max(h.length, ...rows.map((r) => f(r).length)));
console.log(`\nskiff bench: the control plane at scale, simulated nodes (skiff sim) and one server process (${new Date().toISOString()})`);
console.log(columns.map(([h], i) => h.padStart(widths[i])).join("  "));
for (const r of rows) console.log(columns.map(([, f], i) => f(r).padStart(widths[i])).join("  "));
for (const r of rows) if (r.progress) console.log(`(${r.nodes} x ${r.pods}: at the time limit, ${r.progress})`);
console.log("pods/s: pods / seconds from apply to all Running (bound, and acknowledged Running by their nodes)");
console.log("(targets, issue 18: 1,000 nodes and 10,000 pods >= 1,000 pods/s, no node NotReady, server RSS <= 400 MB; 100 nodes and 1,000 pods: RSS <= 150 MB)");
