// `npm run bench`: skiff's Kubernetes REST edge (kube/, what kubectl talks to) next to its own
// gRPC edge (the SDK and the `skiff` CLI), measured in the same run against one real server in
// this process (TLS and tokens on, as `skiff server` runs) on a temp LevelDB dir. Numbers are
// printed, never pass/fail. kubectl is KUBECTL or the one on PATH; without it, its rows are skipped.
import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import https from "node:https";
import { delimiter, dirname, join } from "node:path";
import { tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const { serve } = await import("../../packages/server/dist/index.js");
const { SkiffClient, loadConfig } = await import("../../packages/client/dist/index.js");
const { pino } = await import("pino");
const { parse } = await import("yaml");

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const skiffMain = join(root, "packages/cli/dist/main.js");
const SHORT = Boolean(process.env.BENCH_SHORT); // a few of each, for test/bench.test.ts
const N = SHORT ? 10 : 100; // objects per list and per apply file
const CLI_RUNS = SHORT ? 2 : 10;
const LIST_RUNS = SHORT ? 5 : 50;
const WATCH_WRITES = SHORT ? 10 : 100;

const rows = [];
const row = (what, value, unit) => rows.push({ what, value: value === undefined ? "" : Number(value.toFixed(2)), unit });
const note = (what) => rows.push({ what, value: "", unit: "" });
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const cm = (name, namespace = "default", v = "1") => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace }, data: { v } });
const timed = async (fn) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

/** KUBECTL, else the first kubectl on PATH; undefined when there is none. */
function findKubectl() {
  const candidates = process.env.KUBECTL ? [process.env.KUBECTL] : (process.env.PATH ?? "").split(delimiter).filter(Boolean).map((d) => join(d, "kubectl"));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {}
  }
  return undefined;
}

const dir = await mkdtemp(join(tmpdir(), "skiff-bench-kube-"));
const dataDir = join(dir, "data");
const home = join(dir, "home"); // HOME for kubectl and the skiff CLI: nothing of the user's is read
const cacheDir = join(dir, "kube-cache");
const configPath = join(dir, "config");
const kubeconfigPath = join(dir, "kubeconfig");
const kubectl = findKubectl();
let kubectlVersion = "not found";

let server;
let client;
let agent;
const aborts = [];
try {
  server = await serve({ dataDir, listen: "127.0.0.1:0", logger: pino({ level: "silent" }), clientConfigPath: configPath, kubeListen: "127.0.0.1:0" });
  const { server: grpcAddress, ca, token } = loadConfig(configPath);
  client = new SkiffClient({ server: grpcAddress, ca, token });
  await client.health();

  // The REST edge as the kubeconfig describes it (its CA and token, not the client config's).
  const kc = parse(await readFile(kubeconfigPath, "utf8"));
  const kubeUrl = new URL(kc.clusters[0].cluster.server);
  const kubeCa = Buffer.from(kc.clusters[0].cluster["certificate-authority-data"], "base64").toString();
  const kubeToken = kc.users[0].user.token;
  agent = new https.Agent({ keepAlive: true, ca: kubeCa }); // one kept-alive connection, as the SDK keeps its channel
  const rest = (method, path, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = https.request(
        { host: kubeUrl.hostname, port: kubeUrl.port, path, method, agent, headers: { Authorization: `Bearer ${kubeToken}`, Accept: "application/json", ...(payload ? { "Content-Type": "application/json" } : {}) } },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString();
            if ((res.statusCode ?? 500) >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`));
            else resolve(JSON.parse(text));
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(payload);
    });

  const env = { ...process.env, HOME: home, SKIFF_CONFIG: configPath, SKIFF_SERVER: "", KUBECONFIG: "" };
  const kube = (...args) => run(kubectl, ["--kubeconfig", kubeconfigPath, "--cache-dir", cacheDir, ...args], { env, maxBuffer: 64 << 20 });
  const skiff = (...args) => run(process.execPath, [skiffMain, ...args], { env, maxBuffer: 64 << 20 });
  if (kubectl) {
    const { stdout } = await run(kubectl, ["version", "--client", "-o", "json"], { env });
    kubectlVersion = JSON.parse(stdout).clientVersion?.gitVersion ?? "unknown";
  } else {
    note("kubectl not found (set KUBECTL or put it on PATH): kubectl rows skipped");
  }

  // 1. What users type: one process per command, `get pods` (no pods: the round trip itself).
  if (kubectl) {
    row("kubectl get pods (REST), first run, cold discovery cache", await timed(() => kube("get", "pods")), "ms");
    const lat = [];
    for (let i = 0; i < CLI_RUNS; i++) lat.push(await timed(() => kube("get", "pods")));
    row(`kubectl get pods (REST), process each, p50 of ${CLI_RUNS}`, pct(lat, 50), "ms");
  }
  {
    row("skiff get pods (gRPC), first run", await timed(() => skiff("get", "pods")), "ms");
    const lat = [];
    for (let i = 0; i < CLI_RUNS; i++) lat.push(await timed(() => skiff("get", "pods")));
    row(`skiff get pods (gRPC), process each, p50 of ${CLI_RUNS}`, pct(lat, 50), "ms");
  }

  // 2. The request alone, in this process, over a warm connection: list N ConfigMaps.
  await client.apply(Array.from({ length: N }, (_, i) => cm(`cm-${i}`)));
  {
    const path = "/api/v1/namespaces/default/configmaps";
    const count = (await rest("GET", path)).items.length; // also warms the connection
    const lat = [];
    for (let i = 0; i < LIST_RUNS; i++) lat.push(await timed(() => rest("GET", path)));
    row(`list ${count} ConfigMaps, REST (https GET, JSON), p50 of ${LIST_RUNS}`, pct(lat, 50), "ms");
  }
  {
    const count = (await client.list("ConfigMap", { namespace: "default" })).items.length;
    const lat = [];
    for (let i = 0; i < LIST_RUNS; i++) lat.push(await timed(() => client.list("ConfigMap", { namespace: "default" })));
    row(`list ${count} ConfigMaps, gRPC (SDK client.list), p50 of ${LIST_RUNS}`, pct(lat, 50), "ms");
  }

  // 3. Apply one multi-document file of N ConfigMaps: create, then re-apply unchanged. Each tool
  //    gets its own fresh namespace so both create the same N objects.
  const file = join(dir, "configmaps.yaml");
  await writeFile(file, Array.from({ length: N }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bench-${i}\ndata:\n  key: value-${i}\n`).join("---\n"));
  await client.apply(["bench-kubectl", "bench-skiff"].map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } })));
  if (kubectl) {
    row(`kubectl apply -f (REST), ${N} ConfigMaps, create`, (await timed(() => kube("apply", "-n", "bench-kubectl", "-f", file))) / 1000, "s");
    row(`kubectl apply -f (REST), ${N} ConfigMaps, unchanged`, (await timed(() => kube("apply", "-n", "bench-kubectl", "-f", file))) / 1000, "s");
  }
  row(`skiff apply -f (gRPC), ${N} ConfigMaps, create`, (await timed(() => skiff("apply", "-n", "bench-skiff", "-f", file))) / 1000, "s");
  row(`skiff apply -f (gRPC), ${N} ConfigMaps, unchanged`, (await timed(() => skiff("apply", "-n", "bench-skiff", "-f", file))) / 1000, "s");
  for (const ns of kubectl ? ["bench-kubectl", "bench-skiff"] : ["bench-skiff"]) {
    const n = (await client.list("ConfigMap", { namespace: ns })).items.filter((o) => o.metadata.name.startsWith("bench-")).length;
    if (n !== N) note(`  (warning: ${ns} holds ${n} of the ${N} ConfigMaps)`);
  }

  // 4. Watch latency: from the write starting to its event arriving, each edge writing and
  //    watching through itself (REST POST -> REST watch; SDK create -> SDK watch).
  const watchBench = async (label, openWatch, write) => {
    const arrivals = new Map();
    const ac = new AbortController();
    aborts.push(ac);
    const { ended } = await openWatch(arrivals, ac.signal);
    let failure;
    const over = ended.catch((err) => (failure = err)); // a watch that fails ends the bench, not hangs it
    const total = [];
    const afterReturn = [];
    for (let i = 0; i < WATCH_WRITES; i++) {
      const name = `${label}-w${i}`;
      const t0 = performance.now();
      await write(name);
      const t1 = performance.now();
      while (!arrivals.has(name)) {
        if (failure) throw failure;
        if (performance.now() - t1 > 10_000) throw new Error(`${label} watch: no event for ${name} after 10 s`);
        await new Promise((r) => setImmediate(r));
      }
      total.push(arrivals.get(name) - t0);
      afterReturn.push(arrivals.get(name) - t1);
    }
    ac.abort();
    await over;
    return { total, afterReturn };
  };

  {
    const { resourceVersion } = (await rest("GET", "/api/v1/namespaces/default/configmaps")).metadata;
    const { total, afterReturn } = await watchBench(
      "rest",
      (arrivals, signal) =>
        new Promise((resolveOpen, rejectOpen) => {
          const req = https.request(
            { host: kubeUrl.hostname, port: kubeUrl.port, path: `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${resourceVersion}`, method: "GET", agent: false, ca: kubeCa, signal, headers: { Authorization: `Bearer ${kubeToken}`, Accept: "application/json" } },
            (res) => {
              if (res.statusCode !== 200) return rejectOpen(new Error(`REST watch: ${res.statusCode}`));
              let buf = "";
              res.setEncoding("utf8");
              res.on("data", (chunk) => {
                const now = performance.now();
                buf += chunk;
                let nl;
                while ((nl = buf.indexOf("\n")) >= 0) {
                  const line = buf.slice(0, nl);
                  buf = buf.slice(nl + 1);
                  if (!line.trim()) continue;
                  const ev = JSON.parse(line);
                  if (ev.type !== "BOOKMARK" && ev.object?.metadata?.name && !arrivals.has(ev.object.metadata.name)) arrivals.set(ev.object.metadata.name, now);
                }
              });
              // Headers are here: the watch is established.
              resolveOpen({ ended: new Promise((r) => res.on("close", r)) });
            },
          );
          req.on("error", (err) => (signal.aborted ? undefined : rejectOpen(err)));
          req.end();
        }),
      (name) => rest("POST", "/api/v1/namespaces/default/configmaps", cm(name)),
    );
    row(`write -> watch event, REST (POST, NDJSON watch), p50 of ${WATCH_WRITES}`, pct(total, 50), "ms");
    row("  event after the write returned, p50 (< 0: event first)", pct(afterReturn, 50), "ms");
  }
  {
    const { resourceVersion } = await client.list("ConfigMap", { namespace: "default" });
    const { total, afterReturn } = await watchBench(
      "grpc",
      async (arrivals, signal) => ({
        ended: (async () => {
          for await (const ev of client.watch("ConfigMap", { namespace: "default", resourceVersion, signal })) {
            const name = ev.object?.metadata?.name;
            if (name && !arrivals.has(name)) arrivals.set(name, performance.now());
          }
        })(),
      }),
      (name) => client.configMaps.create(cm(name)),
    );
    row(`write -> watch event, gRPC (SDK create, SDK watch), p50 of ${WATCH_WRITES}`, pct(total, 50), "ms");
    row("  event after the write returned, p50 (< 0: event first)", pct(afterReturn, 50), "ms");
  }
} finally {
  for (const ac of aborts) ac.abort();
  agent?.destroy();
  client?.close();
  await server?.close().catch((err) => console.error(`closing the server: ${err.message}`));
  await rm(dir, { recursive: true, force: true });
}

const width = Math.max(...rows.filter((r) => r.value !== "").map((r) => r.what.length));
console.log(`skiff kube bench: REST edge (kubectl ${kubectlVersion}) next to gRPC edge (${new Date().toISOString()}, node ${process.version})`);
for (const r of rows) console.log(r.value === "" ? r.what : `${r.what.padEnd(width)}  ${String(r.value).padStart(10)} ${r.unit}`);
