// An agent whose server dies fails over to another server of the cluster within 5 s, and its
// containers keep running, untouched (issue 14). Two `skiff server`s on one etcd; the agent is
// given only the first: it learns the second from the server list in its registration and
// heartbeat replies. Starts an agent and a Docker container: the integrator runs it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { SkiffClient } from "@skiff/client";
import { startEtcd, type EtcdProcess } from "../packages/store/src/test-etcd.js";
import { AgentProcess, TEST_IMAGE, eventually } from "./support/cluster.js";
import { pickRunNetwork } from "./support/run-network.js";
import { ServerProcess, clusterKeyFile, freePort, skiff, tempDir } from "./support/skiff.js";
import { removeNodeLeftovers } from "../scripts/lib/docker-leftovers.mjs";

const exec = promisify(execFile);
const run = randomBytes(3).toString("hex");
const prefix = `/e2e-ha-agents-${run}`;
const nodeName = `t${run}-n1`;
const cleanups: (() => Promise<void>)[] = [];
let etcd: EtcdProcess;
let a: ServerProcess;
let b: ServerProcess;
let agent: AgentProcess;

beforeAll(async () => {
  etcd = await startEtcd();
  cleanups.push(() => etcd.stop());
  const dir = await tempDir("ha-agents");
  cleanups.push(() => dir.remove());
  const keyFile = await clusterKeyFile(dir.path);
  // Its own address plan, as a TestCluster's: the default one's node networks clash with another file's.
  const network = await pickRunNetwork();
  const args = ["--etcd-endpoints", etcd.endpoint, "--etcd-prefix", prefix, "--encryption-key-file", keyFile, "--heartbeat-period", "500ms", "--node-grace", "6", "--eviction-timeout", "30s", ...network.serverArgs];
  a = new ServerProcess(join(dir.path, "a"), await freePort(), args);
  b = new ServerProcess(join(dir.path, "b"), await freePort(), args);
  cleanups.push(() => a.stop("SIGKILL").then(() => undefined), () => b.stop("SIGKILL").then(() => undefined));
  await a.start();
  await b.start();
  const client = new SkiffClient(a.clientOptions());
  const { token } = await client.tokens.create("join", { ttlSeconds: 3600, description: "ha-agents test" });
  client.close();
  const tokenFile = join(dir.path, "join-token");
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
  agent = new AgentProcess(nodeName, network.nodeAddress(1), a.address, [], { tokenFile, stateDir: join(dir.path, "agent") });
  agent.start();
  cleanups.push(async () => {
    await agent.stop("SIGKILL");
    await removeNodeLeftovers(nodeName);
  });
}, 90_000);

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function container(): Promise<{ id: string; startedAt: string; restarts: number }> {
  const { stdout } = await exec("docker", ["ps", "-q", "--no-trunc", "--filter", `label=skiff.node=${nodeName}`, "--filter", "label=skiff.container=app"]);
  const id = stdout.split("\n").filter(Boolean)[0];
  if (!id) throw new Error("no app container yet");
  const { stdout: inspect } = await exec("docker", ["inspect", "--format", "{{.State.StartedAt}} {{.RestartCount}}", id]);
  const [startedAt, restarts] = inspect.trim().split(" ");
  return { id, startedAt: startedAt!, restarts: Number(restarts) };
}

describe("an agent whose server is killed", () => {
  it("is connected to the other server within 5 s, and its container is not restarted", async () => {
    // The agent learns B from A's replies.
    await eventually(async () => {
      if (!agent.logs.includes(b.address)) throw new Error("the agent has not learned the second server yet");
    }, 30_000, () => agent.logs);
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "steady" }, spec: { nodeName, terminationGracePeriodSeconds: 2, containers: [{ name: "app", image: TEST_IMAGE, command: ["sleep", "3600"] }] } };
    expect((await skiff(["apply", "-f", "-"], { env: a.env, input: JSON.stringify(pod) })).code).toBe(0);
    await eventually(async () => {
      const got = JSON.parse((await skiff(["get", "pod", "steady", "-o", "json"], { env: a.env })).stdout);
      if (got.status?.phase !== "Running") throw new Error(`phase ${got.status?.phase}`);
    }, 60_000, () => agent.logs);
    const before = await container();

    const logsBefore = agent.logs.length;
    const killedAt = Date.now();
    await a.kill9();
    await eventually(async () => {
      const after = agent.logs.slice(logsBefore);
      if (!/reconnected to the server/.test(after) || !after.includes(b.address)) throw new Error("not reconnected yet");
    }, 10_000, () => agent.logs.slice(logsBefore));
    expect(Date.now() - killedAt).toBeLessThan(5_000);

    // Served by B: the node is Ready, the pod Running, the same container never restarted.
    await eventually(async () => {
      const node = JSON.parse((await skiff(["get", "node", nodeName, "-o", "json"], { env: b.env })).stdout);
      const ready = node.status?.conditions?.find((c: { type: string }) => c.type === "Ready");
      if (ready?.status !== "True") throw new Error(`node Ready=${ready?.status}`);
    }, 10_000);
    const got = JSON.parse((await skiff(["get", "pod", "steady", "-o", "json"], { env: b.env })).stdout);
    expect(got.status.phase).toBe("Running");
    const after = await container();
    expect(after).toEqual(before);
  });
});
