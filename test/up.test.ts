// `skiff up` starts a local cluster the CLI then uses with no flags; `skiff down` removes it all.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { busyboxPod, eventually } from "./support/cluster.js";
import { freePort, skiff, tempDir } from "./support/skiff.js";

const exec = promisify(execFile);
const prefix = `up${Math.random().toString(16).slice(2, 8)}`;
let dir: { path: string; remove(): Promise<void> };
let env: Record<string, string>;

afterAll(async () => {
  if (env) await skiff(["down", "--dir", join(dir.path, "cluster")], { env });
  await dir?.remove();
});

describe("skiff up / down", () => {
  it("starts a server and 2 agents; the CLI uses them with no flags; down removes everything", async () => {
    dir = await tempDir("up");
    const clusterDir = join(dir.path, "cluster");
    env = { SKIFF_CONFIG: join(dir.path, "config"), SKIFF_SERVER: "" };
    const port = String(await freePort());
    const up = await skiff(["up", "--agents", "2", "--dir", clusterDir, "--port", port, "--node-prefix", prefix, "--kube-listen", "127.0.0.1:0"], { env });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain(`${prefix}-1`);

    const nodes = await skiff(["get", "nodes"], { env });
    expect(nodes.stdout).toMatch(new RegExp(`${prefix}-1\\s+Ready`));
    expect(nodes.stdout).toMatch(new RegExp(`${prefix}-2\\s+Ready`));

    const again = await skiff(["up", "--agents", "2", "--dir", clusterDir, "--port", port, "--node-prefix", prefix, "--kube-listen", "127.0.0.1:0"], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("already up");

    const applied = await skiff(["apply", "-f", "-"], { env, input: JSON.stringify(busyboxPod("up-pod", ["sleep", "3600"])) });
    expect(applied.code, applied.stderr).toBe(0);
    await eventually(async () => {
      const r = await skiff(["get", "pod", "up-pod"], { env });
      if (!/Running/.test(r.stdout)) throw new Error(r.stdout + r.stderr);
    });

    const down = await skiff(["down", "--dir", clusterDir], { env });
    expect(down.code, down.stderr).toBe(0);
    const { stdout } = await exec("docker", ["ps", "-aq", "--filter", `label=skiff.node=${prefix}-1`]);
    const { stdout: stdout2 } = await exec("docker", ["ps", "-aq", "--filter", `label=skiff.node=${prefix}-2`]);
    expect(stdout + stdout2).toBe("");
    const gone = await skiff(["get", "nodes"], { env });
    expect(gone.code).toBe(1);
  });
});
