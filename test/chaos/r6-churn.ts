// R6: churn at a fixed rate — create, scale, update and delete of Deployments, Services and
// ConfigMaps over small pools of names, so that the cluster's size stays bounded and any growth is
// the processes' own. The server and agents run with probe.mjs loaded, and every sample reads
// their RSS and open file descriptors from /proc and their handles and event listeners from the
// probe, all through the run. The levels compared are taken at rest, since handles and listeners
// move with the work in flight and with the pods a node runs: after the first minute the churn
// pauses, deletes all it made and waits until it is gone (atRest), and the same at the end. At the end, RSS must be within
// 10% of the first minute's, and fds, handles and listeners no higher.
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TestCluster } from "../support/cluster.js";
import { Churn } from "./churn.js";
import { Figures, every, secs, sleep, until } from "./harness.js";

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
  /** The handles by type (Timeout, TCPSocketWrap...), as process.getActiveResourcesInfo() names them. */
  handleTypes: Record<string, number>;
  listeners: number;
  heapUsed: number;
  /** V8's heap as reserved (what RSS holds of it), and memory outside it: Buffers and native objects. */
  heapTotal: number;
  external: number;
  /** Of heapTotal, the young generation's share (V8's new_space), which grows with the allocation rate. */
  newSpace: number;
  /** Every V8 heap space: reserved and used (bytes), for finding which one grows. */
  spaces: Record<string, [size: number, used: number]>;
}

/** A process's levels at rest, after the first minute (baseline) and at the end. */
export interface Level {
  process: string;
  rssBaseline: number;
  rssEnd: number;
  /** (end - baseline) / baseline, in percent. */
  rssGrowthPct: number;
  fds: [baseline: number, end: number];
  handles: [baseline: number, end: number];
  listeners: [baseline: number, end: number];
  handleTypes: [baseline: Record<string, number>, end: Record<string, number>];
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
  /** Objects in the store by kind, after the first minute and at the end: what the server holds. */
  objects: { baseline: Record<string, number>; end: Record<string, number> };
  seriesFile: string;
}

const PROBE = fileURLToPath(new URL("./probe.mjs", import.meta.url));
const BASELINE_AT_MS = 60_000;
/** After the cluster has converged, how long the processes get to settle before a level at rest. */
const QUIET_MS = 5_000;
/** Probe readings per level at rest. */
const READINGS = 5;

export async function runR6(o: R6Options): Promise<R6Result> {
  const probeDir = await mkdtemp(join(tmpdir(), "skiff-chaos-probe-"));
  // CHAOS_HEAP_SNAPSHOTS=1: the processes also write a heap snapshot on SIGUSR2; the server's are
  // taken after the first minute and at the end, for finding what grows (each stalls it seconds).
  const snapshots = process.env.CHAOS_HEAP_SNAPSHOTS === "1" ? await mkdtemp(join(tmpdir(), "skiff-chaos-heap-")) : undefined;
  // The probe writes twice per sample: each sample reads one at most half a period old.
  const c = await withProbe(probeDir, o.sampleEveryMs / 2, snapshots, () => TestCluster.start({ agents: o.agents }));
  try {
    return await scenario(c, o, probeDir, snapshots);
  } finally {
    await c.dispose();
    await rm(probeDir, { recursive: true, force: true });
  }
}

/** The processes started inside `start` load the probe (the spawns read process.env as they happen). */
async function withProbe<T>(probeDir: string, probeEveryMs: number, snapshots: string | undefined, start: () => Promise<T>): Promise<T> {
  const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, SKIFF_CHAOS_PROBE_DIR: process.env.SKIFF_CHAOS_PROBE_DIR, SKIFF_CHAOS_PROBE_MS: process.env.SKIFF_CHAOS_PROBE_MS };
  const heap = snapshots ? ` --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${snapshots}` : "";
  process.env.NODE_OPTIONS = `${saved.NODE_OPTIONS ?? ""} --expose-gc --import ${PROBE}${heap}`.trim();
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

async function scenario(c: TestCluster, o: R6Options, probeDir: string, snapshots: string | undefined): Promise<R6Result> {
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
  const snapshot = () => snapshots && c.server.child?.kill("SIGUSR2");
  // The first minute of churn, then a pause: the level at rest, the baseline.
  await churn.run(BASELINE_AT_MS);
  const baseline = await atRest(c, churn, processes, probeDir, o.sampleEveryMs / 2);
  snapshot();
  const baselineObjects = await countObjects(c);
  await churn.run(o.minutes * 60_000 - BASELINE_AT_MS);
  const end = await atRest(c, churn, processes, probeDir, o.sampleEveryMs / 2);
  await sampler.stop();
  if (snapshots) {
    snapshot();
    await snapshotsWritten(snapshots, 2);
    console.log(`R6: the server's heap snapshots, after the first minute and at the end: ${snapshots}`);
  }
  const objects = { baseline: baselineObjects, end: await countObjects(c) };
  const seriesFile = join(tmpdir(), `skiff-chaos-r6-${c.run}.json`);
  await writeFile(seriesFile, JSON.stringify(Object.fromEntries(series), null, 1));
  const result: R6Result = {
    ops: churn.ops,
    opsPerSecond: churn.ops / (churn.activeMs / 1000),
    byOp: churn.byOp,
    errors: churn.errors,
    skipped: churn.skipped,
    latencyMs: percentiles(churn.latencies),
    levels: processes.map((p) => level(p.name, baseline.get(p.name), end.get(p.name))),
    objects,
    seriesFile,
  };
  print(o, result, series);
  return result;
}

/** Until `dir` holds `count` heap snapshots and the newest stopped growing (written whole). */
async function snapshotsWritten(dir: string, count: number): Promise<void> {
  let last = -1;
  for (;;) {
    await sleep(2_000);
    const files = (await readdir(dir)).filter((f) => f.endsWith(".heapsnapshot")).sort();
    const size = files.length >= count ? (await stat(join(dir, files.at(-1) ?? ""))).size : -1;
    if (size > 0 && size === last) return;
    last = size;
  }
}

const COUNTED = ["Event", "Pod", "ReplicaSet", "Deployment", "Service", "Endpoints", "ConfigMap"];

async function countObjects(c: TestCluster): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const kind of COUNTED) counts[kind] = await c.client.list(kind).then((l) => l.items.length, () => -1);
  return counts;
}

async function sampleProcess(pid: number, probeDir: string): Promise<Omit<ProcessSample, "atMs">> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  const fds = (await readdir(`/proc/${pid}/fd`)).length;
  const probe = JSON.parse(await readFile(join(probeDir, `${pid}.json`), "utf8")) as { handles: Record<string, number>; listeners: number; heapUsed: number; heapTotal: number; external: number; spaces: Record<string, number>; spacesUsed: Record<string, number> };
  const handles = Object.values(probe.handles).reduce((a, b) => a + b, 0);
  const { heapUsed, heapTotal, external } = probe;
  return { rss, fds, handles, handleTypes: probe.handles, listeners: probe.listeners, heapUsed, heapTotal, external, newSpace: probe.spaces.new_space ?? 0, spaces: Object.fromEntries(Object.entries(probe.spaces).map(([name, size]) => [name, [size, probe.spacesUsed[name] ?? 0]])) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function percentiles(xs: number[]): [number, number, number] {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return [at(0.5), at(0.95), sorted.at(-1) ?? 0];
}

function level(name: string, baseline: AtRest | undefined, end: AtRest | undefined): Level {
  const none: AtRest = { rss: 0, fds: 0, handles: 0, listeners: 0, handleTypes: {} };
  const b = baseline ?? none;
  const e = end ?? none;
  return {
    process: name,
    rssBaseline: b.rss,
    rssEnd: e.rss,
    rssGrowthPct: b.rss ? ((e.rss - b.rss) / b.rss) * 100 : Number.NaN,
    fds: [b.fds, e.fds],
    handles: [b.handles, e.handles],
    listeners: [b.listeners, e.listeners],
    handleTypes: [b.handleTypes, e.handleTypes],
  };
}

type AtRest = Pick<ProcessSample, "rss" | "fds" | "handles" | "listeners" | "handleTypes">;

/**
 * Each process's level at rest, in the same state each time: the churn's objects are all deleted
 * and gone with their pods and ReplicaSets, QUIET_MS more, then READINGS probe readings.
 */
async function atRest(c: TestCluster, churn: Churn, processes: { name: string; pid?: number }[], probeDir: string, probeEveryMs: number): Promise<Map<string, AtRest>> {
  await churn.clear();
  await until("the churn's objects, pods and ReplicaSets gone", 180_000, async () => {
    const left = await Promise.all(["Deployment", "ReplicaSet", "Pod", "Service", "ConfigMap"].map((kind) => c.client.list(kind)));
    const names = left.flatMap((l) => l.items.map((o) => `${o.kind}/${o.metadata.name}`)).filter((n) => n.includes("churn-"));
    if (names.length === 0) return true;
    throw new Error(`left: ${names.join(", ")}`);
  }, 500);
  await sleep(QUIET_MS);
  const readings = new Map<string, AtRest[]>(processes.map((p) => [p.name, []]));
  for (let i = 0; i < READINGS; i++) {
    if (i > 0) await sleep(probeEveryMs + 500);
    for (const p of processes) {
      const s = await sampleProcess(p.pid ?? 0, probeDir).catch(() => undefined);
      if (s) readings.get(p.name)?.push(s);
    }
  }
  // Work in flight (an agent's pass over Docker each second, a heartbeat) only ever adds fds,
  // handles and listeners: the floor of the readings is the level; RSS is their median.
  const levels = new Map<string, AtRest>();
  for (const [name, rs] of readings) {
    const floor = (k: "fds" | "handles" | "listeners") => Math.min(...rs.map((r) => r[k]));
    const fewest = rs.reduce<AtRest | undefined>((a, r) => (!a || r.handles < a.handles ? r : a), undefined);
    levels.set(name, { rss: median(rs.map((r) => r.rss)), fds: floor("fds"), handles: floor("handles"), listeners: floor("listeners"), handleTypes: fewest?.handleTypes ?? {} });
  }
  return levels;
}

/** " (Timeout 5 -> 6)": the handle types whose counts differ at rest. */
function handleChange(l: Level): string {
  const [b, e] = l.handleTypes;
  const changed = [...new Set([...Object.keys(b), ...Object.keys(e)])].filter((t) => (b[t] ?? 0) !== (e[t] ?? 0));
  return changed.length ? ` (${changed.map((t) => `${t} ${b[t] ?? 0} -> ${e[t] ?? 0}`).join(", ")})` : "";
}

function print(o: R6Options, r: R6Result, series: Map<string, ProcessSample[]>): void {
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
  const rows: string[] = [];
  for (let minute = 1; minute <= o.minutes; minute++) {
    const at = minute * 60_000;
    const cells = [...series].map(([name, samples]) => {
      const s = samples.reduce<ProcessSample | undefined>((best, x) => (!best || Math.abs(x.atMs - at) < Math.abs(best.atMs - at) ? x : best), undefined);
      return s ? `${name} ${mb(s.rss)} (heap ${mb(s.heapUsed)} of ${mb(s.heapTotal)}, young ${mb(s.newSpace)}, external ${mb(s.external)}) fd ${s.fds} h ${s.handles} l ${s.listeners}` : `${name} -`;
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
      "at rest: after 1 min -> at the end",
      r.levels
        .map((l) => `${l.process}: RSS ${mb(l.rssBaseline)} -> ${mb(l.rssEnd)} (${l.rssGrowthPct.toFixed(1)}%), fds ${l.fds.join(" -> ")}, handles ${l.handles.join(" -> ")}${handleChange(l)}, listeners ${l.listeners.join(" -> ")}`)
        .join("\n"),
    )
    .add("objects in the store", COUNTED.map((k) => `${k} ${r.objects.baseline[k]} -> ${r.objects.end[k]}`).join(", "))
    .add("every sample", r.seriesFile)
    .print();
}
