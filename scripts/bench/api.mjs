// `npm run bench`: numbers for the control plane, printed, never pass/fail.
// A real server (in this process) on a temp LevelDB dir, driven through the SDK over loopback gRPC,
// secure as `skiff server` runs: the client trusts the CA and carries the token of the client
// config the server writes (in the temp dir, never the user's ~/.skiff).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const { serve } = await import("../../packages/server/dist/index.js");
const { SkiffClient, loadConfig } = await import("../../packages/client/dist/index.js");
const { pino } = await import("pino");

// BENCH_SHORT: a few objects only, for the test that keeps every benchmark running (test/bench.test.ts).
const SHORT = Boolean(process.env.BENCH_SHORT);
const N = Number(process.env.BENCH_N ?? (SHORT ? 20 : 500));
const WATCHED = SHORT ? 10 : 200;
const quiet = pino({ level: "warn" });
const dir = await mkdtemp(join(tmpdir(), "skiff-bench-"));
const rows = [];
const row = (what, value, unit) => rows.push({ what, value: Number(value.toFixed(2)), unit });
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const cm = (i, v = "1") => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}` }, data: { v } });

const dataDir = join(dir, "data");
const clientConfigPath = join(dir, "config");
const start = async () => {
  const s = await serve({ dataDir, listen: "127.0.0.1:0", logger: quiet, clientConfigPath });
  // The config is written on the first start; a restart listens on a new port (s.address).
  const { ca, token } = loadConfig(clientConfigPath);
  return { server: s, client: new SkiffClient({ server: s.address, ca, token }) };
};
let { server, client } = await start();
try {
  // 1. One object per apply, one after another: each is a synced LevelDB batch.
  const lat = [];
  let t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await client.apply([cm(i)]);
    lat.push(performance.now() - t);
  }
  row(`apply, 1 object per call, sequential (${N})`, N / ((performance.now() - t0) / 1000), "objects/s");
  row("  latency p50", pct(lat, 50), "ms");
  row("  latency p99", pct(lat, 99), "ms");

  // 2. Many objects in one apply: one batch, one revision.
  t0 = performance.now();
  await client.apply(Array.from({ length: N }, (_, i) => cm(i, "2")));
  row(`apply, ${N} objects in one call`, N / ((performance.now() - t0) / 1000), "objects/s");

  // 3. Unchanged re-apply (reads and compares only).
  t0 = performance.now();
  await client.apply(Array.from({ length: N }, (_, i) => cm(i, "2")));
  row(`re-apply unchanged, ${N} objects`, performance.now() - t0, "ms");

  // 4. List everything.
  const lists = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await client.list("ConfigMap");
    lists.push(performance.now() - t);
  }
  row(`list ${N} objects, p50`, pct(lists, 50), "ms");

  // 5. Watch delivery: from apply returning to the event arriving.
  const ac = new AbortController();
  const { resourceVersion } = await client.list("ConfigMap");
  const arrivals = new Map();
  const watching = (async () => {
    for await (const ev of client.watch("ConfigMap", { resourceVersion, signal: ac.signal })) {
      arrivals.set(ev.object.metadata.name, performance.now());
    }
  })().catch(() => {});
  const watchLat = [];
  for (let i = 0; i < WATCHED; i++) {
    const t = performance.now();
    await client.apply([cm(`w${i}`)]);
    while (!arrivals.has(`cm-w${i}`)) await new Promise((r) => setImmediate(r));
    watchLat.push(arrivals.get(`cm-w${i}`) - t);
  }
  ac.abort();
  await watching;
  row("write -> watch event, p50", pct(watchLat, 50), "ms");
  row("write -> watch event, p99", pct(watchLat, 99), "ms");

  // 6. Restart: how long until a server with this data answers again.
  client.close();
  await server.close();
  t0 = performance.now();
  ({ server, client } = await start());
  await client.health();
  row(`restart to first answer (${N + WATCHED} objects)`, performance.now() - t0, "ms");
  row("process RSS at the end (server and client)", process.memoryUsage().rss / 1024 / 1024, "MiB");
} finally {
  client.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}

const width = Math.max(...rows.map((r) => r.what.length));
console.log(`skiff bench (${new Date().toISOString()}, node ${process.version})`);
for (const r of rows) console.log(`${r.what.padEnd(width)}  ${String(r.value).padStart(10)} ${r.unit}`);
