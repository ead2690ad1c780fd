// etcd's quorum, seen from the CLI (issue 14): on `skiff up --ha --agents 0` (3 etcd members, 3
// servers, no agents, no Docker), losing one member of three changes nothing visible; losing two
// (SIGSTOP: they hang rather than refuse) makes a write fail within a bound, with a message naming
// etcd and its quorum and a non-zero exit, never a hang; when they come back, writes work again, a
// leader leads again, and no acknowledged write is lost. `up --ha` restarts what is missing, and
// `skiff down` leaves no process and no etcd data.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./support/cluster.js";
import { skiff, tempDir } from "./support/skiff.js";

/**
 * The bound on a call while etcd has no quorum, over what the same call takes with etcd healthy
 * (the CLI's own start, which a loaded machine stretches): the store's 5 s budget per call, plus slack.
 */
const NO_QUORUM_EXTRA_MS = 15_000;

let dir: { path: string; remove(): Promise<void> };
let env: Record<string, string>;
let clusterDir: string;
let upArgs: string[];
const acknowledged: string[] = [];

interface Recorded {
  name: string;
  pid: number;
  args?: string[];
}
const processes = (): Recorded[] => (JSON.parse(readFileSync(join(clusterDir, "cluster.json"), "utf8")) as { processes: Recorded[] }).processes;
const pidOf = (name: string) => processes().find((p) => p.name === name)!.pid;
const servers = () => processes().filter((p) => p.name.startsWith("server-")).map((p) => p.args![p.args!.indexOf("--listen") + 1]!);
/** Alive and not a zombie (a killed process not yet reaped has an empty command line). */
const alive = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").length > 0;
  } catch {
    return false;
  }
};

async function create(name: string): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  const r = await skiff(["create", "configmap", name, "--from-literal", `k=${name}`], { env });
  if (r.code === 0) acknowledged.push(name);
  return { code: r.code, stderr: r.stderr, ms: Date.now() - started };
}

beforeAll(async () => {
  dir = await tempDir("ha-quorum");
  clusterDir = join(dir.path, "cluster");
  env = { HOME: dir.path, SKIFF_CONFIG: join(dir.path, "config"), SKIFF_SERVER: "" };
  upArgs = ["up", "--ha", "--agents", "0", "--dir", clusterDir, "--port", "0", "--etcd-port", "0", "--kube-listen", "127.0.0.1:0"];
  const up = await skiff(upArgs, { env });
  expect(up.code, up.stdout + up.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  // Whatever a failed test left stopped must be able to die.
  if (existsSync(join(clusterDir ?? "/nonexistent", "cluster.json"))) {
    for (const p of processes()) if (alive(p.pid)) process.kill(p.pid, "SIGCONT");
    await skiff(["down", "--dir", clusterDir], { env });
  }
  await dir?.remove();
}, 60_000);

describe("etcd quorum under skiff up --ha", () => {
  it("up --ha made 3 members, 3 servers and a client config listing all three servers; a leader leads", async () => {
    expect(processes().map((p) => p.name)).toEqual(["etcd-1", "etcd-2", "etcd-3", "server-1", "server-2", "server-3"]);
    const config = readFileSync(join(dir.path, "config"), "utf8");
    expect(config).toContain(`server: ${servers().join(",")}`);
    await eventually(async () => {
      const v = await skiff(["version"], { env });
      if (!/Leader: \S+/.test(v.stdout)) throw new Error(v.stdout + v.stderr);
    }, 30_000);
    expect((await create("before")).code).toBe(0);
  });

  it("losing one member of three (SIGKILL) changes nothing visible: writes and reads keep working", async () => {
    process.kill(pidOf("etcd-1"), "SIGKILL");
    for (let i = 0; i < 5; i++) {
      const r = await create(`one-down-${i}`);
      expect(r.code, r.stderr).toBe(0);
    }
    const got = await skiff(["get", "configmap", "one-down-4"], { env });
    expect(got.code, got.stderr).toBe(0);
    const repaired = await skiff(upArgs, { env });
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stdout).toContain("started etcd-1 again");
  }, 120_000);

  it("losing two members (SIGSTOP) makes a write fail within the bound, naming etcd and its quorum, with a non-zero exit", async () => {
    const healthy = await create("healthy");
    expect(healthy.code, healthy.stderr).toBe(0);
    const stopped = [pidOf("etcd-2"), pidOf("etcd-3")];
    for (const pid of stopped) process.kill(pid, "SIGSTOP");
    try {
      const r = await create("no-quorum");
      console.log(`write without quorum failed after ${r.ms} ms (the same with etcd healthy: ${healthy.ms} ms): ${r.stderr.trim()}`);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/the store \(etcd at http:\/\/127\.0\.0\.1:\d+,.*\) does not answer or has no quorum/);
      // Refused before anything was sent ("try again"/"write not made"), or sent and not confirmed.
      expect(r.stderr).toMatch(/try again when etcd is back|may or may not have been made/);
      expect(r.stderr).not.toMatch(/cannot reach the skiff server|\n\s+at /);
      expect(r.ms).toBeLessThan(healthy.ms + NO_QUORUM_EXTRA_MS);
      // A read answers or fails as clearly, within the same bound.
      const started = Date.now();
      const read = await skiff(["get", "configmaps"], { env });
      console.log(`read without quorum: exit ${read.code} after ${Date.now() - started} ms ${read.stderr.trim()}`);
      expect(Date.now() - started).toBeLessThan(healthy.ms + NO_QUORUM_EXTRA_MS);
      if (read.code !== 0) expect(read.stderr).toMatch(/the store \(etcd at .*\) does not answer or has no quorum/);
    } finally {
      for (const pid of stopped) process.kill(pid, "SIGCONT");
    }
  }, 60_000);

  it("when they return, writes work again, a server leads again, and no acknowledged write is lost (through every server)", async () => {
    await eventually(async () => {
      const r = await create(`back-${Date.now()}`);
      if (r.code !== 0) throw new Error(r.stderr);
    }, 60_000);
    await eventually(async () => {
      const v = await skiff(["version"], { env });
      if (!/Leader: \S+/.test(v.stdout)) throw new Error(v.stdout + v.stderr);
    }, 30_000);
    for (const server of servers()) {
      const list = await skiff(["get", "configmaps", "-o", "name", "--server", server], { env });
      expect(list.code, list.stderr).toBe(0);
      for (const name of acknowledged) expect(list.stdout).toContain(name);
    }
  }, 120_000);

  it("up --ha starts a killed member and a killed server again; down leaves no process and no etcd data", async () => {
    process.kill(pidOf("etcd-2"), "SIGKILL");
    process.kill(pidOf("server-3"), "SIGKILL");
    const repaired = await skiff(upArgs, { env });
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stdout).toContain("started etcd-2, server-3 again");
    const pids = processes().map((p) => p.pid);
    expect(pids.every(alive)).toBe(true);
    const down = await skiff(["down"], { env });
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain("local cluster stopped: 6 process(es)");
    await eventually(async () => {
      if (pids.some(alive)) throw new Error(`still running: ${pids.filter(alive).join(", ")}`);
    }, 15_000);
    expect(existsSync(clusterDir)).toBe(false);
  }, 120_000);
});
