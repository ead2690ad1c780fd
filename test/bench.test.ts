// Every benchmark of `npm run bench`, run in its short form (BENCH_SHORT: a few objects, a few
// pods, a 3 s idle window) so that none can break unnoticed: each must exit 0 and print its
// figures. The figures themselves are not judged here (tests check behaviour, not timings).
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { REPO, tempDir } from "./support/skiff.js";

const exec = promisify(execFile);

async function bench(file: string): Promise<string> {
  // A HOME of its own, holding a skiff config of "the user's": the benchmarks must neither need nor touch it.
  const home = await tempDir("bench-home");
  await mkdir(join(home.path, ".skiff"));
  await writeFile(join(home.path, ".skiff", "config"), "server: 127.0.0.1:1\ntoken: not-this-one\n");
  try {
    const { stdout } = await exec(process.execPath, [`scripts/bench/${file}`], {
      cwd: REPO,
      env: { ...process.env, BENCH_SHORT: "1", HOME: home.path, SKIFF_CONFIG: "", SKIFF_SERVER: "127.0.0.1:1" },
      timeout: 240_000,
    });
    return stdout;
  } finally {
    await home.remove();
  }
}

describe("npm run bench, short form", () => {
  it("api: applies, lists, watches and restarts against a secure server", async () => {
    const out = await bench("api.mjs");
    expect(out).toMatch(/apply, 1 object per call, sequential \(20\)\s+[\d.]+ objects\/s/);
    expect(out).toMatch(/restart to first answer/);
  }, 240_000);

  it("pods: skiff beside docker run and a Swarm service, every row", async () => {
    const out = await bench("pods.mjs");
    // Docker alone, Swarm and skiff, in that order, where the peer has the figure.
    expect(out).toMatch(/4 replicas, create -> all running\s+[\d.]+ s\s+[\d.]+ s\s+[\d.]+ s/);
    expect(out).toMatch(/one killed container running again\s+—\s+[\d.]+ s\s+[\d.]+ s/);
    expect(out).toMatch(/one pod, apply -> Running \(median of 3\)\s+[\d.]+ s\s+[\d.]+ s\s+[\d.]+ s/);
    expect(out).toMatch(/Docker alone: one pair \(infra, then app\)\s+[\d.]+ s/);
    expect(out).toMatch(/Docker alone: 4 pairs \(infra \+ app\), 8 at a time\s+[\d.]+ s/);
    expect(out).toMatch(/delete 4 -> no container\s+—\s+[\d.]+ s\s+[\d.]+ s/);
    expect(out).toMatch(/rolling update of 2\s+—\s+[\d.]+ s\s+[\d.]+ s/);
  }, 240_000);

  it("idle: CPU and RSS of each process of an idle cluster", async () => {
    const out = await bench("idle.mjs");
    expect(out).toMatch(/server\s+[\d.]+\s+\d+/);
    expect(out).toMatch(/agent 3\s+[\d.]+\s+\d+/);
  }, 240_000);

  it("scale: a server process and skiff sim, nodes Ready, pods bound and Running", async () => {
    const out = await bench("scale.mjs");
    expect(out).toMatch(/^\s+5\s+20\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+\d+\s+\d+ -> \d+\s+[\d.]+\s+0$/m);
  }, 240_000);

  it("kube: the REST edge next to the gRPC edge", async () => {
    const out = await bench("kube.mjs");
    expect(out).toMatch(/list 10 ConfigMaps, REST/);
  }, 240_000);

  it("ha: LevelDB next to etcd (3 members, 3 servers): throughput, watch latency, failover, reconnect", async () => {
    const out = await bench("ha.mjs");
    expect(out).toMatch(/apply, 1 object per call, sequential \(20\), objects\/s\s+[\d.]+\s+[\d.]+/);
    expect(out).toMatch(/write -> watch event p99 \(10\), ms\s+[\d.]+\s+[\d.]+/);
    expect(out).toMatch(/SIGKILL of the leader -> a new pod bound\s+[\d.]+ s\s+[\d.]+ s/);
    expect(out).toMatch(/SIGTERM of the leader -> a new pod bound\s+[\d.]+ s\s+[\d.]+ s/);
    expect(out).toMatch(/node's server SIGKILLed -> node registered again\s+[\d.]+ s\s+[\d.]+ s/);
  }, 240_000);
});
