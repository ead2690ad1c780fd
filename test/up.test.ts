// `skiff up` starts a local cluster the CLI then uses with no flags; run again on a cluster that is
// partly down, it starts what is missing; `skiff down` (with no --dir: the cluster the CLI points
// at) removes it all, whatever processes are already gone.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { busyboxPod, eventually } from "./support/cluster.js";
import { freePort, skiff, tempDir } from "./support/skiff.js";

const exec = promisify(execFile);
const prefix = `up${Math.random().toString(16).slice(2, 8)}`;
let dir: { path: string; remove(): Promise<void> };
let env: Record<string, string>;
let clusterDir: string;
let upArgs: string[];

afterAll(async () => {
  if (env) await skiff(["down", "--dir", clusterDir], { env });
  await dir?.remove();
});

/** The pid `skiff up` recorded for a process of the cluster. */
function pidOf(name: string): number {
  const state = JSON.parse(readFileSync(join(clusterDir, "cluster.json"), "utf8")) as { processes: { name: string; pid: number }[] };
  const pid = state.processes.find((p) => p.name === name)?.pid;
  if (!pid) throw new Error(`no ${name} in cluster.json`);
  return pid;
}

async function nodeReady(name: string): Promise<void> {
  await eventually(async () => {
    const r = await skiff(["get", "nodes"], { env });
    if (!new RegExp(`${name}\\s+Ready`).test(r.stdout)) throw new Error(r.stdout + r.stderr);
  }, 30_000);
}

describe("skiff up / down", () => {
  it("starts a server and 2 agents; the CLI uses them with no flags; up again reuses them", async () => {
    dir = await tempDir("up");
    clusterDir = join(dir.path, "cluster");
    // HOME too: a plain `skiff down` that finds no pointer falls back to ~/.skiff/local, never the user's.
    env = { HOME: dir.path, SKIFF_CONFIG: join(dir.path, "config"), SKIFF_SERVER: "" };
    const port = String(await freePort());
    upArgs = ["up", "--agents", "2", "--dir", clusterDir, "--port", port, "--node-prefix", prefix, "--kube-listen", "127.0.0.1:0"];
    const up = await skiff(upArgs, { env });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain(`${prefix}-1`);

    const nodes = await skiff(["get", "nodes"], { env });
    expect(nodes.stdout).toMatch(new RegExp(`${prefix}-1\\s+Ready`));
    expect(nodes.stdout).toMatch(new RegExp(`${prefix}-2\\s+Ready`));

    const again = await skiff(upArgs, { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("already up");

    const applied = await skiff(["apply", "-f", "-"], { env, input: JSON.stringify(busyboxPod("up-pod", ["sleep", "3600"])) });
    expect(applied.code, applied.stderr).toBe(0);
    await eventually(async () => {
      const r = await skiff(["get", "pod", "up-pod"], { env });
      if (!/Running/.test(r.stdout)) throw new Error(r.stdout + r.stderr);
    });
  });

  it("up on a cluster with an agent killed (SIGKILL) starts that agent again, and its node is Ready", async () => {
    const pid = pidOf(`${prefix}-2`);
    process.kill(pid, "SIGKILL");
    const repaired = await skiff(upArgs, { env });
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stdout).toContain(`started ${prefix}-2 again`);
    expect(repaired.stdout).not.toContain(`${prefix}-1 again`);
    expect(pidOf(`${prefix}-2`)).not.toBe(pid);
    await nodeReady(`${prefix}-2`);
    await nodeReady(`${prefix}-1`);
    const pod = await skiff(["get", "pod", "up-pod"], { env });
    expect(pod.stdout).toMatch(/Running/);

    const again = await skiff(upArgs, { env });
    expect(again.stdout).toContain("already up");
  });

  it("up on a cluster whose server was killed (SIGKILL) starts the server again, from its store", async () => {
    process.kill(pidOf("server"), "SIGKILL");
    const repaired = await skiff(upArgs, { env });
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stdout).toContain("started server again");
    await nodeReady(`${prefix}-1`);
    await nodeReady(`${prefix}-2`);
    const pod = await skiff(["get", "pod", "up-pod"], { env });
    expect(pod.stdout).toMatch(/Running/);
  });

  it("down with no --dir finds the cluster the CLI points at and removes everything, an agent already gone included", async () => {
    process.kill(pidOf(`${prefix}-1`), "SIGKILL");
    const down = await skiff(["down"], { env });
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain("local cluster stopped");
    expect(down.stdout).toContain(`${prefix}-1 already gone`);
    const { stdout } = await exec("docker", ["ps", "-aq", "--filter", `label=skiff.node=${prefix}-1`]);
    const { stdout: stdout2 } = await exec("docker", ["ps", "-aq", "--filter", `label=skiff.node=${prefix}-2`]);
    expect(stdout + stdout2).toBe("");
    expect(existsSync(clusterDir)).toBe(false);
    const gone = await skiff(["get", "nodes"], { env });
    expect(gone.code).toBe(1);
    const twice = await skiff(["down"], { env });
    expect(twice.code, twice.stderr).toBe(0);
    expect(twice.stdout).toContain("no local cluster");
  });
});
