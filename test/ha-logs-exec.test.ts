// `skiff logs`/`exec` and `kubectl logs`/`exec` through any server of an HA cluster (issue 14).
// Three `skiff server`s on one etcd; the agent registers with the first only. The agent's
// logs/exec secret is kept in etcd (sealed), so each server can reach the agent, not just the one
// holding the node's session. Starts an agent and a Docker container: run under the Docker lock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SkiffClient } from "@skiff/client";
import { startEtcd, type EtcdProcess } from "../packages/store/src/test-etcd.js";
import { AgentProcess, TEST_IMAGE, eventually } from "./support/cluster.js";
import { Kubectl } from "./support/kubectl.js";
import { pickRunNetwork } from "./support/run-network.js";
import { ServerProcess, clusterKeyFile, freePort, skiff, tempDir } from "./support/skiff.js";
import { removeNodeLeftovers } from "../scripts/lib/docker-leftovers.mjs";

const run = randomBytes(3).toString("hex");
const prefix = `/e2e-ha-logs-${run}`;
const nodeName = `t${run}-logs`;
const cleanups: (() => Promise<void>)[] = [];
const servers: ServerProcess[] = [];
let etcd: EtcdProcess;
let agent: AgentProcess;
let home: string;

beforeAll(async () => {
  etcd = await startEtcd();
  cleanups.push(() => etcd.stop());
  const dir = await tempDir("ha-logs-exec");
  cleanups.push(() => dir.remove());
  home = dir.path;
  const keyFile = await clusterKeyFile(dir.path);
  // Its own address plan, as a TestCluster's: the default one's node networks clash with another file's.
  const network = await pickRunNetwork();
  const args = ["--etcd-endpoints", etcd.endpoint, "--etcd-prefix", prefix, "--encryption-key-file", keyFile, ...network.serverArgs];
  for (const name of ["a", "b", "c"]) {
    const server = new ServerProcess(join(dir.path, name), await freePort(), args);
    cleanups.push(() => server.stop("SIGKILL").then(() => undefined));
    server.startTimeoutMs = 60_000; // three servers and an etcd starting on a loaded machine
    await server.start();
    servers.push(server);
  }
  const first = servers[0]!;
  const client = new SkiffClient(first.clientOptions());
  const { token } = await client.tokens.create("join", { ttlSeconds: 3600, description: "ha-logs-exec test" });
  client.close();
  const tokenFile = join(dir.path, "join-token");
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
  agent = new AgentProcess(nodeName, network.nodeAddress(1), first.address, [], { tokenFile, stateDir: join(dir.path, "agent") });
  agent.start();
  cleanups.push(async () => {
    await agent.stop("SIGKILL");
    await removeNodeLeftovers(nodeName);
  });
}, 240_000);

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe("logs and exec in an HA cluster", () => {
  it("work through each of three servers, with skiff and with kubectl", async () => {
    const first = servers[0]!;
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "talker" },
      spec: { nodeName, terminationGracePeriodSeconds: 1, containers: [{ name: "app", image: TEST_IMAGE, command: ["sh", "-c", `echo hello-${run}; sleep 3600`] }] },
    };
    const applied = await skiff(["apply", "-f", "-"], { env: first.env, input: JSON.stringify(pod) });
    expect(applied.code, applied.stderr).toBe(0);
    await eventually(
      async () => {
        const got = JSON.parse((await skiff(["get", "pod", "talker", "-o", "json"], { env: first.env })).stdout);
        if (got.status?.phase !== "Running") throw new Error(`phase ${got.status?.phase}`);
      },
      60_000,
      () => agent.logs,
    );

    for (const [i, server] of servers.entries()) {
      // The log line is written as the container starts: poll until the agent has it.
      await eventually(async () => {
        const logs = await skiff(["logs", "talker"], { env: server.env });
        if (logs.code !== 0 || !logs.stdout.includes(`hello-${run}`)) throw new Error(`server ${i}: logs exit ${logs.code}: ${logs.stdout}${logs.stderr}`);
      }, 20_000);
      const ran = await skiff(["exec", "talker", "--", "sh", "-c", `echo through-server-${i}`], { env: server.env });
      expect(ran.stderr).toBe("");
      expect({ server: i, code: ran.code, out: ran.stdout.trim() }).toEqual({ server: i, code: 0, out: `through-server-${i}` });

      const kubectl = new Kubectl(server.kubeconfigPath, join(home, `kube-${i}`));
      const klogs = await kubectl.run(["logs", "talker"]);
      expect({ server: i, code: klogs.code, stderr: klogs.stderr }).toMatchObject({ server: i, code: 0 });
      expect(klogs.stdout).toContain(`hello-${run}`);
      const kexec = await kubectl.run(["exec", "talker", "--", "sh", "-c", `echo kubectl-${i}`]);
      expect({ server: i, code: kexec.code, out: kexec.stdout.trim() }).toEqual({ server: i, code: 0, out: `kubectl-${i}` });
    }
  });
});
