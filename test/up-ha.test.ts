// `skiff up --ha` (issue 14): 3 etcd members, 3 servers and 2 agents on this machine's Docker
// engine; a pod runs; SIGKILL of the leading server leaves `skiff get` answering through the
// others and another server leading; `up --ha` starts it again; `skiff down` leaves no process,
// no container and no etcd data. (Server-only failures of etcd: ha-etcd-quorum.test.ts.)
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { busyboxPod, eventually } from "./support/cluster.js";
import { skiff, tempDir } from "./support/skiff.js";

const exec = promisify(execFile);
const prefix = `upha${Math.random().toString(16).slice(2, 8)}`;
let dir: { path: string; remove(): Promise<void> };
let env: Record<string, string>;
let clusterDir: string;
let upArgs: string[];

afterAll(async () => {
  if (env) await skiff(["down", "--dir", clusterDir], { env });
  await dir?.remove();
}, 120_000);

interface Recorded {
  name: string;
  pid: number;
  args?: string[];
}
const processes = (): Recorded[] => (JSON.parse(readFileSync(join(clusterDir, "cluster.json"), "utf8")) as { processes: Recorded[] }).processes;
const listenOf = (p: Recorded) => p.args![p.args!.indexOf("--listen") + 1]!;
/** Alive and not a zombie (a killed process not yet reaped has an empty command line). */
const alive = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").length > 0;
  } catch {
    return false;
  }
};

async function leader(): Promise<Recorded> {
  return eventually(async () => {
    const v = await skiff(["version"], { env });
    const holder = /Leader: (\S+)/.exec(v.stdout)?.[1] ?? "";
    const server = processes().find((p) => p.name.startsWith("server-") && holder.includes(`_${listenOf(p)}_`) && alive(p.pid));
    if (!server) throw new Error(`no live server leads: ${v.stdout}${v.stderr}`);
    return server;
  }, 60_000);
}

describe("skiff up --ha / down", () => {
  it("starts 3 etcd members, 3 servers and 2 agents; the CLI uses all three servers; a pod runs", async () => {
    dir = await tempDir("up-ha");
    clusterDir = join(dir.path, "cluster");
    env = { HOME: dir.path, SKIFF_CONFIG: join(dir.path, "config"), SKIFF_SERVER: "" };
    upArgs = ["up", "--ha", "--agents", "2", "--dir", clusterDir, "--port", "0", "--etcd-port", "0", "--node-prefix", prefix, "--kube-listen", "127.0.0.1:0"];
    const up = await skiff(upArgs, { env });
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(up.stdout).toContain(`${prefix}-1 (127.0.1.2)`);
    const servers = processes().filter((p) => p.name.startsWith("server-")).map(listenOf);
    expect(readFileSync(join(dir.path, "config"), "utf8")).toContain(`server: ${servers.join(",")}`);

    const applied = await skiff(["apply", "-f", "-"], { env, input: JSON.stringify(busyboxPod("up-ha-pod", ["sleep", "3600"])) });
    expect(applied.code, applied.stderr).toBe(0);
    await eventually(async () => {
      const r = await skiff(["get", "pod", "up-ha-pod"], { env });
      if (!/Running/.test(r.stdout)) throw new Error(r.stdout + r.stderr);
    }, 60_000);
  }, 240_000);

  it("SIGKILL of the leading server: skiff get answers through the others, another leads, up --ha starts it again", async () => {
    const killed = await leader();
    process.kill(killed.pid, "SIGKILL");
    const pods = await skiff(["get", "pods"], { env });
    expect(pods.code, pods.stderr).toBe(0);
    expect(pods.stdout).toMatch(/up-ha-pod\s+\S+\s+Running/);
    const next = await leader();
    expect(next.name).not.toBe(killed.name);
    const repaired = await skiff(upArgs, { env });
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stdout).toContain(`started ${killed.name} again`);
    expect(alive(processes().find((p) => p.name === killed.name)!.pid)).toBe(true);
  }, 180_000);

  it("down stops every process, etcd included, and removes the pods' containers and the etcd data", async () => {
    const pids = processes().map((p) => p.pid);
    const down = await skiff(["down"], { env });
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain("local cluster stopped: 8 process(es)");
    await eventually(async () => {
      if (pids.some(alive)) throw new Error(`still running: ${pids.filter(alive).join(", ")}`);
    }, 15_000);
    expect(existsSync(clusterDir)).toBe(false);
    const { stdout } = await exec("docker", ["ps", "-aq", "--filter", `label=skiff.node=${prefix}-1`]);
    const { stdout: stdout2 } = await exec("docker", ["ps", "-aq", "--filter", `label=skiff.node=${prefix}-2`]);
    expect(stdout + stdout2).toBe("");
  }, 120_000);
});
