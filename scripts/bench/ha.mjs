// `npm run bench -- ha` (issue 14): skiff's state on LevelDB (one server) next to etcd (3 members,
// 3 servers), printed side by side; numbers only, never pass/fail.
//   - apply throughput: N ConfigMaps, one per call and 100 per call (objects/s)
//   - watch latency: from a write returning to its event at a watching client (p50, p99)
//   - failover after SIGKILL and after SIGTERM of the leader: until the new leader acts, i.e. a
//     pod created after the signal is bound by its scheduler. On LevelDB the one server is started
//     again at once (there is nobody else): the same figure is its restart.
//   - agent reconnect: a node's server SIGKILLed, until the node is registered with a server again
//     (on etcd another one, a follower of the leader; on LevelDB the same one, started again at once)
// Real `skiff server` processes (secure, as by default; the Kubernetes API off), a real etcd
// (Debian's etcd-server), and `skiff sim` for the node (a real node session, fake containers):
// no Docker. BENCH_SHORT=1 (test/bench.test.ts): a few objects and one of each failover.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { NODE_FLAGS } from "../../packages/cli/dist/node-flags.js";
import { SKIFF, sleep } from "./cluster.mjs";
import { freePort, startEtcdCluster } from "./etcd.mjs";

const { SkiffClient, loadConfig } = await import("../../packages/client/dist/index.js");

const SHORT = Boolean(process.env.BENCH_SHORT);
const N = Number(process.env.BENCH_N ?? (SHORT ? 20 : 500));
const WATCHED = SHORT ? 10 : 200;
const FAILOVERS = SHORT ? 1 : 5;
const BATCH = 100;
const LEASE = "skiff-controller-manager";
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const cm = (i, v = "1") => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}` }, data: { v } });

async function until(what, check, timeoutMs = 60_000, periodMs = 20) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`bench ha: ${what} not reached in ${timeoutMs / 1000} s${last ? `: ${last.message}` : ""}`);
    await sleep(periodMs);
  }
}

/** A `skiff server` process that can be signalled and started again on its data dir. */
class Server {
  constructor(dir, args) {
    this.dir = dir;
    this.args = args;
    this.address = args[args.indexOf("--listen") + 1];
    this.logs = "";
  }
  spawn() {
    this.child = spawn(process.execPath, [...NODE_FLAGS, SKIFF, "server", "--data-dir", this.dir, ...this.args], { stdio: ["ignore", "pipe", "pipe"] });
    this.child.stdout.on("data", (d) => (this.logs = (this.logs + d).slice(-20_000)));
    this.child.stderr.on("data", (d) => (this.logs = (this.logs + d).slice(-20_000)));
  }
  get alive() {
    return this.child && this.child.exitCode === null && this.child.signalCode === null;
  }
  async signal(sig) {
    if (!this.alive) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.kill(sig);
    await exited;
  }
  /** Until it answers on its own address with these credentials. */
  async answering(creds) {
    const c = new SkiffClient({ server: this.address, ...creds });
    try {
      await until(`the server at ${this.address} answering`, async () => {
        if (this.child.exitCode !== null) throw new Error(`skiff server exited: ${this.logs.slice(-2000)}`);
        await c.health();
        return true;
      }, 90_000, 100);
    } finally {
      c.close();
    }
  }
}

/** One side of the comparison: its servers, a client given them all, and how to find the leader. */
async function startSide(kind, dir) {
  const servers = [];
  let etcd;
  let keyFile;
  const common = ["--kube-listen", "off"];
  if (kind === "etcd") {
    etcd = await startEtcdCluster(3);
    keyFile = join(dir, "cluster.key");
    await writeFile(keyFile, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
  }
  const count = kind === "etcd" ? 3 : 1;
  for (let i = 0; i < count; i++) {
    const own = join(dir, `server-${i + 1}`);
    const store = kind === "etcd" ? ["--etcd-endpoints", etcd.endpoints, "--etcd-prefix", "/bench", "--encryption-key-file", keyFile] : [];
    servers.push(new Server(own, ["--listen", `127.0.0.1:${await freePort()}`, "--client-config", join(own, "client-config"), ...common, ...store]));
  }
  const stop = async () => {
    client?.close();
    await Promise.all(servers.map((s) => s.signal("SIGKILL")));
    await etcd?.stop();
  };
  let client;
  try {
    // The first alone: it makes the CA and admin token (in etcd, where the others find them).
    servers[0].spawn();
    const configPath = join(servers[0].dir, "client-config");
    const creds = await until("the first server's client config", async () => {
      // Until the server has written it (a missing file reads as an empty config).
      const { ca, token } = loadConfig(configPath);
      return ca && token ? { ca, token } : undefined;
    }, 90_000, 100);
    await servers[0].answering(creds);
    for (const s of servers.slice(1)) s.spawn();
    for (const s of servers.slice(1)) await s.answering(creds);
    client = new SkiffClient({ server: servers.map((s) => s.address).join(","), ...creds });
    const leader = async (not) => {
      if (kind !== "etcd") return servers[0];
      return until("a live server holding the leader Lease", async () => {
        const holder = (await client.leases.get(LEASE, { namespace: "kube-system" })).spec?.holderIdentity ?? "";
        return servers.find((s) => s !== not && s.alive && holder.includes(`_${s.address}_`));
      }, 60_000);
    };
    await leader();
    return { kind, servers, client, creds, leader, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** One simulated node (`skiff sim`), given the servers in `order`; its log tells which server it is registered with. */
async function startNode(side, dir, order) {
  const { token } = await side.client.tokens.create("join", { ttlSeconds: 3600, description: "ha bench" });
  const tokenFile = join(dir, "join-token");
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
  const list = order.map((s) => s.address).join(",");
  const child = spawn(process.execPath, [...NODE_FLAGS, SKIFF, "sim", "--server", list, "--nodes", "1", "--name-prefix", `ha${side.kind}`, "--token-file", tokenFile, "--state-dir", join(dir, "sim"), "--log-level", "info"], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, SKIFF_CONFIG: join(dir, "no-config") },
  });
  const node = { child, logs: "", given: order[0] };
  child.stderr.on("data", (d) => (node.logs += d));
  await until("the simulated node Ready", async () => {
    const { items } = await side.client.nodes.list();
    return items.some((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"));
  }, 90_000, 100);
  return node;
}

/** The server the node is registered with now: the first given, then each one it reconnected to. */
function nodeServer(node, side) {
  let address = node.given.address;
  for (const line of node.logs.split("\n")) {
    if (!line.includes('"msg":"reconnected to the server"')) continue;
    try {
      address = JSON.parse(line).server ?? address;
    } catch {}
  }
  return side.servers.find((s) => s.address === address);
}

/** Signal the leader; ms until a pod created after the signal is bound. LevelDB: started again at once. */
async function failover(side, sig, i) {
  const old = await side.leader();
  const t0 = performance.now();
  await old.signal(sig);
  if (side.kind !== "etcd") old.spawn();
  const name = `probe-${sig.toLowerCase()}-${i}`;
  await until(`pod ${name} created`, () => side.client.apply([{ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers: [{ name: "main", image: "sim/pause:1" }] } }]).then(() => true));
  await until(`pod ${name} bound`, async () => Boolean((await side.client.pods.get(name)).spec?.nodeName));
  const ms = performance.now() - t0;
  if (side.kind === "etcd") old.spawn();
  await old.answering(side.creds);
  await side.client.pods.delete(name).catch(() => undefined);
  return ms;
}

/** SIGKILL the node's server; ms until the node is registered again (with another server, on etcd). */
async function reconnect(side, node) {
  const server = nodeServer(node, side);
  const from = node.logs.length;
  const t0 = performance.now();
  await server.signal("SIGKILL");
  if (side.kind !== "etcd") server.spawn();
  await until("the node reconnected", async () => node.logs.includes('"msg":"reconnected to the server"', from), 60_000);
  const ms = performance.now() - t0;
  if (side.kind === "etcd") server.spawn();
  await server.answering(side.creds);
  return ms;
}

async function measure(kind) {
  const dir = await mkdtemp(join(tmpdir(), `skiff-bench-ha-${kind}-`));
  const side = await startSide(kind, dir);
  const out = {};
  let node;
  try {
    const { client } = side;
    // 1. One object per apply, one after another.
    let t0 = performance.now();
    const lat = [];
    for (let i = 0; i < N; i++) {
      const t = performance.now();
      await client.apply([cm(i)]);
      lat.push(performance.now() - t);
    }
    out.applyOne = N / ((performance.now() - t0) / 1000);
    out.applyP50 = pct(lat, 50);
    // 2. Many objects per apply: calls of BATCH objects, under etcd's 128 operations per
    // transaction (a larger apply is refused there until commits are split, issue 14).
    t0 = performance.now();
    for (let i = 0; i < N; i += BATCH) await client.apply(Array.from({ length: Math.min(BATCH, N - i) }, (_, j) => cm(i + j, "2")));
    out.applyMany = N / ((performance.now() - t0) / 1000);
    // 3. Watch delivery: from the write returning to the event at the watching client.
    const ac = new AbortController();
    const { resourceVersion } = await client.list("ConfigMap");
    const arrivals = new Map();
    const watching = (async () => {
      for await (const ev of client.watch("ConfigMap", { resourceVersion, signal: ac.signal })) arrivals.set(ev.object.metadata.name, performance.now());
    })().catch(() => {});
    const watchLat = [];
    for (let i = 0; i < WATCHED; i++) {
      const t = performance.now();
      await client.apply([cm(`w${i}`)]);
      await until("the watch event", async () => arrivals.has(`cm-w${i}`), 30_000, 1);
      watchLat.push(arrivals.get(`cm-w${i}`) - t);
    }
    ac.abort();
    await watching;
    out.watchP50 = pct(watchLat, 50);
    out.watchP99 = pct(watchLat, 99);

    // 4. A node for the scheduler to bind to; on etcd given a follower first, so that its
    // reconnect is measured apart from a leader's failover.
    const leader = await side.leader();
    node = await startNode(side, dir, [...side.servers.filter((s) => s !== leader), ...side.servers.filter((s) => s === leader)]);
    out.reconnect = [];
    for (let i = 0; i < FAILOVERS; i++) out.reconnect.push(await reconnect(side, node));
    out.kill = [];
    out.term = [];
    for (let i = 0; i < FAILOVERS; i++) {
      out.kill.push(await failover(side, "SIGKILL", i));
      out.term.push(await failover(side, "SIGTERM", i));
    }
  } finally {
    node?.child.kill("SIGKILL");
    await side.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

console.error("bench ha: LevelDB, one server...");
const level = await measure("leveldb");
console.error("bench ha: etcd, 3 members and 3 servers...");
const etcd = await measure("etcd");

const num = (v) => (v === undefined ? "-" : v.toFixed(v >= 100 ? 0 : 1));
const secs = (xs) => (xs.length === 1 ? `${(xs[0] / 1000).toFixed(2)} s` : `${(pct(xs, 50) / 1000).toFixed(2)} s (max ${(Math.max(...xs) / 1000).toFixed(2)})`);
const rows = [
  [`apply, 1 object per call, sequential (${N}), objects/s`, num(level.applyOne), num(etcd.applyOne)],
  ["  latency p50, ms", num(level.applyP50), num(etcd.applyP50)],
  [`apply, ${N} objects in calls of ${Math.min(N, BATCH)}, objects/s`, num(level.applyMany), num(etcd.applyMany)],
  [`write -> watch event p50 (${WATCHED}), ms`, num(level.watchP50), num(etcd.watchP50)],
  [`write -> watch event p99 (${WATCHED}), ms`, num(level.watchP99), num(etcd.watchP99)],
  [`SIGKILL of the leader -> a new pod bound${FAILOVERS > 1 ? `, median (max) of ${FAILOVERS}` : ""}`, secs(level.kill), secs(etcd.kill)],
  [`SIGTERM of the leader -> a new pod bound${FAILOVERS > 1 ? `, median (max) of ${FAILOVERS}` : ""}`, secs(level.term), secs(etcd.term)],
  [`node's server SIGKILLed -> node registered again${FAILOVERS > 1 ? `, median (max) of ${FAILOVERS}` : ""}`, secs(level.reconnect), secs(etcd.reconnect)],
];
const head = ["", "LevelDB, 1 server", "etcd, 3 members, 3 servers"];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
console.log(`\nskiff bench: HA, LevelDB vs etcd (${new Date().toISOString()}, node ${process.version})`);
for (const r of [head, ...rows]) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "));
console.log("LevelDB has no other server: its SIGKILL/SIGTERM and reconnect figures are the one server started again at once.");
console.log("etcd: the node is given a follower first, so its reconnect is a follower's death; the leader's is in the failover rows.");
