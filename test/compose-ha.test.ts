// docker-compose.ha.yml (issue 14): 3 etcd members (skiff-etcd:3.4, built here from Debian's etcd),
// 3 servers and 3 agents. Long (two image builds, eleven containers): skipped unless
// SKIFF_TEST_COMPOSE_HA=1. The nodes get Ready through the client config listing all three
// servers; killing the leading server's container and one etcd member leaves the cluster
// answering and writable; `down -v` leaves no container, volume or pod behind.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busyboxPod, eventually } from "./support/cluster.js";
import { REPO, freePort, skiff, tempDir } from "./support/skiff.js";

const exec = promisify(execFile);
const enabled = process.env["SKIFF_TEST_COMPOSE_HA"] === "1";
const TIMEOUT = 120_000;
const run = randomBytes(3).toString("hex");
const project = `skiffha${run}`;
const prefix = `h${run}`;
const nodes = [1, 2, 3].map((i) => `${prefix}-${i}`);

let dir: { path: string; remove(): Promise<void> } | undefined;
let composeEnv: Record<string, string> = {};
let cliEnv: Record<string, string> = {};
let composeUp = false;

async function compose(...args: string[]): Promise<string> {
  const { stdout, stderr } = await exec("bash", [join(REPO, "scripts/compose.sh"), "-p", project, "-f", join(REPO, "docker-compose.ha.yml"), ...args], {
    cwd: REPO,
    env: { ...process.env, ...composeEnv },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout + stderr;
}

async function docker(...args: string[]): Promise<string> {
  return (await exec("docker", args, { maxBuffer: 16 * 1024 * 1024 })).stdout;
}

beforeAll(async () => {
  if (!enabled) return;
  await exec("bash", [join(REPO, "scripts/build-image.sh")], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });
  await exec("bash", [join(REPO, "scripts/build-image.sh"), "--etcd"], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });
  dir = await tempDir("compose-ha");
  const ports: Record<string, string> = {};
  for (const i of [1, 2, 3]) {
    ports[`SKIFF_PORT_${i}`] = String(await freePort());
    ports[`SKIFF_ETCD_PORT_${i}`] = String(await freePort());
    ports[`SKIFF_ETCD_PEER_PORT_${i}`] = String(await freePort());
  }
  composeEnv = {
    ...ports,
    SKIFF_COMPOSE_DIR: dir.path,
    SKIFF_KUBE_PORT: String(await freePort()),
    SKIFF_NODE_PREFIX: prefix,
    SKIFF_ADDRESS_PREFIX: `127.0.${200 + Math.floor(Math.random() * 50)}`,
    SKIFF_ETCD_TOKEN: project,
  };
  cliEnv = { SKIFF_CONFIG: join(dir.path, "config"), SKIFF_SERVER: "" };
}, 600_000);

afterAll(async () => {
  if (composeUp) await compose("down", "-v", "--timeout", "60").catch(() => undefined);
  if (dir) await skiff(["down", ...nodes.flatMap((n) => ["--node", n])]).catch(() => undefined);
  await dir?.remove();
}, 180_000);

describe.skipIf(!enabled)("docker-compose.ha.yml", () => {
  it("runs 3 etcd members, 3 servers, 3 agents; survives the leading server and one etcd member; down -v leaves nothing", async () => {
    composeUp = true;
    await compose("up", "-d");
    await eventually(async () => {
      const r = await skiff(["get", "nodes"], { env: cliEnv });
      for (const n of nodes) if (!new RegExp(`${n}\\s+Ready`).test(r.stdout)) throw new Error(r.stdout + r.stderr);
    }, TIMEOUT);
    const config = await skiff(["version"], { env: cliEnv });
    const leader = /Leader: \S+_127\.0\.0\.1:(\d+)_/.exec(config.stdout)?.[1];
    expect(leader, config.stdout).toBeDefined();
    const applied = await skiff(["apply", "-f", "-"], { env: cliEnv, input: JSON.stringify(busyboxPod("ha-pod", ["sleep", "3600"])) });
    expect(applied.code, applied.stderr).toBe(0);
    await eventually(async () => {
      const r = await skiff(["get", "pod", "ha-pod"], { env: cliEnv });
      if (!/Running/.test(r.stdout)) throw new Error(r.stdout + r.stderr);
    }, TIMEOUT);

    const leading = [1, 2, 3].find((i) => composeEnv[`SKIFF_PORT_${i}`] === leader)!;
    await compose("kill", `server-${leading}`, "etcd-1");
    await eventually(async () => {
      const v = await skiff(["version"], { env: cliEnv });
      if (!/Leader: /.test(v.stdout) || v.stdout.includes(`_127.0.0.1:${leader}_`)) throw new Error(v.stdout + v.stderr);
    }, TIMEOUT);
    const created = await skiff(["create", "configmap", "after-failover", "--from-literal", "a=b"], { env: cliEnv });
    expect(created.code, created.stderr).toBe(0);
    expect((await skiff(["get", "pod", "ha-pod"], { env: cliEnv })).stdout).toMatch(/Running/);

    await compose("down", "-v", "--timeout", "60");
    composeUp = false;
    const left = await docker("ps", "-aq", "--filter", `label=com.docker.compose.project=${project}`);
    const pods = await Promise.all(nodes.map((n) => docker("ps", "-aq", "--filter", `label=skiff.node=${n}`)));
    const volumes = await docker("volume", "ls", "-q", "--filter", `label=com.docker.compose.project=${project}`);
    expect(left + pods.join("") + volumes).toBe("");
  }, 900_000);
});
