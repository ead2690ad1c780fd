// R6: churn at a fixed rate — create, scale, update and delete of Deployments, Services and
// ConfigMaps over small pools of names, so that the cluster's size stays bounded and any growth is
// the processes' own. The server and agents run with probe.mjs loaded, and every sample reads
// their RSS and open file descriptors from /proc and their handles and event listeners from the
// probe. The baseline is the second minute (the level after the first); the last minute is
// compared to it: its median RSS within 10% of the baseline's, its median fds, handles and
// listeners no higher than the most the baseline saw (they move with the work in flight).
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TestCluster } from "../support/cluster.js";
import { Figures, deployment, every, secs, sleep } from "./harness.js";

export interface R6Options {
  minutes: number;
  opsPerSecond: number;
  agents: number;
  sampleEveryMs: number;
}

export interface ProcessSample {
  /** Since the churn began. */
  atMs: number;
  rss: number;
  fds: number;
  handles: number;
  listeners: number;
  heapUsed: number;
}

export interface Level {
  process: string;
  rssBaseline: number;
  rssEnd: number;
  /** (end - baseline) / baseline, in percent. */
  rssGrowthPct: number;
  fds: [baselineMax: number, end: number];
  handles: [baselineMax: number, end: number];
  listeners: [baselineMax: number, end: number];
}

export interface R6Result {
  ops: number;
  opsPerSecond: number;
  byOp: Record<string, number>;
  errors: Record<string, number>;
  skipped: number;
  /** Operation latency: p50, p95, max. */
  latencyMs: [number, number, number];
  levels: Level[];
  seriesFile: string;
}

const PROBE = fileURLToPath(new URL("./probe.mjs", import.meta.url));
const BASELINE_AT_MS = 60_000;
const WINDOW_MS = 60_000;
const POOLS = { Deployment: 5, Service: 15, ConfigMap: 40 } as const;
type Kind = keyof typeof POOLS;

export async function runR6(o: R6Options): Promise<R6Result> {
  const probeDir = await mkdtemp(join(tmpdir(), "skiff-chaos-probe-"));
  // The probe writes twice per sample: each sample reads one at most half a period old.
  const c = await withProbe(probeDir, o.sampleEveryMs / 2, () => TestCluster.start({ agents: o.agents }));
  try {
    return await scenario(c, o, probeDir);
  } finally {
    await c.dispose();
    await rm(probeDir, { recursive: true, force: true });
  }
}

/** The processes started inside `start` load the probe (the spawns read process.env as they happen). */
async function withProbe<T>(probeDir: string, probeEveryMs: number, start: () => Promise<T>): Promise<T> {
  const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, SKIFF_CHAOS_PROBE_DIR: process.env.SKIFF_CHAOS_PROBE_DIR, SKIFF_CHAOS_PROBE_MS: process.env.SKIFF_CHAOS_PROBE_MS };
  process.env.NODE_OPTIONS = `${saved.NODE_OPTIONS ?? ""} --expose-gc --import ${PROBE}`.trim();
  process.env.SKIFF_CHAOS_PROBE_DIR = probeDir;
  process.env.SKIFF_CHAOS_PROBE_MS = String(probeEveryMs);
  try {
    return await start();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function scenario(c: TestCluster, o: R6Options, probeDir: string): Promise<R6Result> {
  const processes = [{ name: "server", pid: c.server.child?.pid }, ...c.agents.map((a, i) => ({ name: `agent ${i + 1}`, pid: a.child?.pid }))];
  const series = new Map<string, ProcessSample[]>(processes.map((p) => [p.name, []]));
  const churn = new Churn(c, o.opsPerSecond);
  const began = Date.now();
  const sampler = every(o.sampleEveryMs, async () => {
    for (const p of processes) {
      const s = await sampleProcess(p.pid ?? 0, probeDir).catch(() => undefined);
      if (s) series.get(p.name)?.push({ atMs: Date.now() - began, ...s });
    }
  });
  await churn.run(o.minutes * 60_000);
  await sampler.stop();
  const seriesFile = join(tmpdir(), `skiff-chaos-r6-${c.run}.json`);
  await writeFile(seriesFile, JSON.stringify(Object.fromEntries(series), null, 1));
  const result: R6Result = {
    ops: churn.ops,
    opsPerSecond: churn.ops / ((Date.now() - began) / 1000),
    byOp: churn.byOp,
    errors: churn.errors,
    skipped: churn.skipped,
    latencyMs: percentiles(churn.latencies),
    levels: [...series].map(([name, samples]) => level(name, samples)),
    seriesFile,
  };
  print(o, result, series);
  return result;
}

async function sampleProcess(pid: number, probeDir: string): Promise<Omit<ProcessSample, "atMs">> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  const fds = (await readdir(`/proc/${pid}/fd`)).length;
  const probe = JSON.parse(await readFile(join(probeDir, `${pid}.json`), "utf8")) as { handles: Record<string, number>; listeners: number; heapUsed: number };
  const handles = Object.values(probe.handles).reduce((a, b) => a + b, 0);
  return { rss, fds, handles, listeners: probe.listeners, heapUsed: probe.heapUsed };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function percentiles(xs: number[]): [number, number, number] {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return [at(0.5), at(0.95), sorted.at(-1) ?? 0];
}

function level(name: string, samples: ProcessSample[]): Level {
  const last = samples.at(-1)?.atMs ?? 0;
  const baseline = samples.filter((s) => s.atMs >= BASELINE_AT_MS && s.atMs < BASELINE_AT_MS + WINDOW_MS);
  const end = samples.filter((s) => s.atMs > last - WINDOW_MS);
  const pick = (xs: ProcessSample[], k: keyof ProcessSample) => xs.map((s) => s[k]);
  const rssBaseline = median(pick(baseline, "rss"));
  const rssEnd = median(pick(end, "rss"));
  const pair = (k: keyof ProcessSample): [number, number] => [Math.max(0, ...pick(baseline, k)), median(pick(end, k))];
  return {
    process: name,
    rssBaseline,
    rssEnd,
    rssGrowthPct: rssBaseline ? ((rssEnd - rssBaseline) / rssBaseline) * 100 : Number.NaN,
    fds: pair("fds"),
    handles: pair("handles"),
    listeners: pair("listeners"),
  };
}

/** Operations at a fixed rate over pools of names; one operation at a time per name. */
class Churn {
  ops = 0;
  skipped = 0;
  readonly byOp: Record<string, number> = {};
  readonly errors: Record<string, number> = {};
  readonly latencies: number[] = [];
  private readonly exists = new Map<string, number>();
  private readonly busy = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private serial = 0;

  constructor(
    private readonly c: TestCluster,
    private readonly opsPerSecond: number,
  ) {}

  async run(durationMs: number): Promise<void> {
    const end = Date.now() + durationMs;
    const period = 1000 / this.opsPerSecond;
    for (let next = Date.now(); next < end; next += period) {
      await sleep(Math.max(0, next - Date.now()));
      const picked = this.pick();
      if (!picked || this.inFlight.size >= 4 * this.opsPerSecond) {
        this.skipped++;
        continue;
      }
      const [kind, name] = picked;
      this.busy.add(name);
      const op = this.operate(kind, name).finally(() => {
        this.busy.delete(name);
        this.inFlight.delete(op);
      });
      this.inFlight.add(op);
    }
    await Promise.all(this.inFlight);
  }

  /** A kind at random, and a name of its pool that no operation holds (a few tries). */
  private pick(): [Kind, string] | undefined {
    const kinds = Object.keys(POOLS) as Kind[];
    for (let i = 0; i < 10; i++) {
      const kind = kinds[Math.floor(Math.random() * kinds.length)] as Kind;
      const name = `churn-${kind.toLowerCase()}-${Math.floor(Math.random() * POOLS[kind])}`;
      if (!this.busy.has(name)) return [kind, name];
    }
    return undefined;
  }

  private async operate(kind: Kind, name: string): Promise<void> {
    const replicas = this.exists.get(name);
    const roll = Math.random();
    const op = replicas === undefined ? "create" : roll < 0.3 ? "delete" : kind === "Deployment" && roll < 0.65 ? "scale" : "update";
    const key = `${op} ${kind}`;
    this.byOp[key] = (this.byOp[key] ?? 0) + 1;
    this.ops++;
    const n = ++this.serial;
    const started = Date.now();
    try {
      if (op === "delete") {
        await this.c.client.delete(kind, name);
        this.exists.delete(name);
      } else if (op === "scale") {
        const next = (((replicas ?? 0) + 1) % 3);
        await this.c.client.deployments.scale(name, next);
        this.exists.set(name, next);
      } else {
        const size = kind === "Deployment" ? (replicas ?? 1) : 0;
        await this.c.client.apply([object(kind, name, n, size)]);
        this.exists.set(name, size);
      }
    } catch (err) {
      const why = `${key}: ${(err as Error).name}`;
      this.errors[why] = (this.errors[why] ?? 0) + 1;
    }
    this.latencies.push(Date.now() - started);
  }
}

/** The `n`th version of a pooled object (an update changes its template, ports or data). */
function object(kind: Kind, name: string, n: number, replicas: number): unknown {
  if (kind === "ConfigMap") return { apiVersion: "v1", kind, metadata: { name }, data: { version: String(n), payload: "x".repeat(n % 512) } };
  if (kind === "Service") {
    return {
      apiVersion: "v1",
      kind,
      metadata: { name, labels: { version: String(n) } },
      spec: { selector: { app: `churn-deployment-${n % POOLS.Deployment}` }, ports: [{ name: "http", port: 80 + (n % 5), targetPort: 8080 }] },
    };
  }
  return deployment(name, { replicas, maxSurge: 1, maxUnavailable: 1, container: { env: [{ name: "VERSION", value: String(n) }] } });
}

function print(o: R6Options, r: R6Result, series: Map<string, ProcessSample[]>): void {
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
  const rows: string[] = [];
  for (let minute = 1; minute <= o.minutes; minute++) {
    const at = minute * 60_000;
    const cells = [...series].map(([name, samples]) => {
      const s = samples.reduce<ProcessSample | undefined>((best, x) => (!best || Math.abs(x.atMs - at) < Math.abs(best.atMs - at) ? x : best), undefined);
      return s ? `${name} ${mb(s.rss)} (heap ${mb(s.heapUsed)}) fd ${s.fds} h ${s.handles} l ${s.listeners}` : `${name} -`;
    });
    rows.push(`${String(minute).padStart(3)} min  ${cells.join(" | ")}`);
  }
  new Figures(`R6: churn at ${o.opsPerSecond} operations per second for ${o.minutes} min (${o.agents} agents; samples every ${secs(o.sampleEveryMs)})`)
    .add("operations", `${r.ops} (${r.opsPerSecond.toFixed(1)}/s), ${r.skipped} ticks skipped (every name tried busy, or too many in flight)`)
    .add("latency", `p50 ${r.latencyMs[0]} ms, p95 ${r.latencyMs[1]} ms, max ${r.latencyMs[2]} ms`)
    .add("by operation", Object.entries(r.byOp).map(([k, v]) => `${k} ${v}`).join(", "))
    .add("errors", Object.entries(r.errors).map(([k, v]) => `${k} ${v}`).join(", ") || 0)
    .add("RSS, fds, handles, listeners", rows.join("\n"))
    .add(
      "end vs. after the first minute",
      r.levels
        .map((l) => `${l.process}: RSS ${mb(l.rssBaseline)} -> ${mb(l.rssEnd)} (${l.rssGrowthPct.toFixed(1)}%), fds ${l.fds.join(" -> ")}, handles ${l.handles.join(" -> ")}, listeners ${l.listeners.join(" -> ")}`)
        .join("\n"),
    )
    .add("every sample", r.seriesFile)
    .print();
}
