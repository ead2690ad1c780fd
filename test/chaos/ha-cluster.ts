// A real HA cluster for the chaos scenario R7: 3 etcd members, 3 `skiff server`s on them sharing
// one cluster key, and agents given all three servers (each in its own order, so that they spread
// over the servers). The SDK client is given all three too and fails over by itself. Node names,
// pod and Service ranges and node addresses are the run's own (run-network.ts), as TestCluster's;
// dispose() kills everything and removes every container the run's nodes made, even on failure.
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Lease } from "@skiff/api";
import { SkiffClient } from "@skiff/client";
import { AgentProcess } from "../support/cluster.js";
import { pickRunNetwork, type RunNetwork } from "../support/run-network.js";
import { removeNodeLeftovers } from "../../scripts/lib/docker-leftovers.mjs";
import { ServerProcess, clusterKeyFile, freePort, tempDir } from "../support/skiff.js";
import { startEtcdCluster, type EtcdCluster } from "./etcd-members.js";
import { until } from "./harness.js";

export const LEADER_LEASE = "skiff-controller-manager";

export interface HaClusterOptions {
  servers: number;
  agents: number;
  /** Extra `skiff server` flags (node lifecycle). */
  serverArgs: string[];
}

export class HaCluster {
  readonly run = randomBytes(3).toString("hex");
  readonly servers: ServerProcess[] = [];
  readonly agents: AgentProcess[] = [];
  etcd!: EtcdCluster;
  client!: SkiffClient;
  network!: RunNetwork;
  dir!: string;
  private tokenFile!: string;
  private removeDir?: () => Promise<void>;

  /** Clusters started and not yet disposed: a timed-out test never reaches its own dispose (chaos.test.ts disposes them). */
  static readonly live = new Set<HaCluster>();

  static async start(o: HaClusterOptions): Promise<HaCluster> {
    const c = new HaCluster();
    HaCluster.live.add(c);
    try {
      await c.init(o);
    } catch (err) {
      await c.dispose();
      throw err;
    }
    return c;
  }

  private async init(o: HaClusterOptions): Promise<void> {
    const dir = await tempDir("ha-chaos");
    this.dir = dir.path;
    this.removeDir = dir.remove;
    this.network = await pickRunNetwork();
    this.etcd = await startEtcdCluster(3);
    const keyFile = await clusterKeyFile(this.dir);
    const args = ["--etcd-endpoints", this.etcd.endpoints, "--etcd-prefix", `/chaos-${this.run}`, "--encryption-key-file", keyFile, ...o.serverArgs, ...this.network.serverArgs];
    for (let i = 0; i < o.servers; i++) {
      const server = new ServerProcess(join(this.dir, `server-${i + 1}`), await freePort(), args);
      // Three servers and etcd starting on a loaded machine.
      server.startTimeoutMs = 60_000;
      this.servers.push(server);
    }
    // The first alone: it makes the cluster's CA and admin token in the store, which the others read.
    await this.servers[0]!.start();
    await Promise.all(this.servers.slice(1).map((s) => s.start()));
    this.client = new SkiffClient({ ...this.servers[0]!.clientOptions(), server: this.addresses().join(",") });
    const { token } = await this.client.tokens.create("join", { ttlSeconds: 3600, description: "ha chaos" });
    this.tokenFile = join(this.dir, "join-token");
    await writeFile(this.tokenFile, `${token}\n`, { mode: 0o600 });
    for (let i = 0; i < o.agents; i++) this.addAgent();
    await until(`${o.agents} nodes Ready`, 60_000, async () => ((await this.readyNodes()).length >= o.agents ? true : undefined), 200);
  }

  addresses(): string[] {
    return this.servers.map((s) => s.address);
  }

  /** Agent i (1-based) is given the servers starting from server i: they spread over all three. */
  addAgent(): AgentProcess {
    const n = this.agents.length + 1;
    const name = `t${this.run}-n${n}`;
    const list = this.addresses();
    const rotated = [...list.slice((n - 1) % list.length), ...list.slice(0, (n - 1) % list.length)];
    const agent = new AgentProcess(name, this.network.nodeAddress(n), rotated.join(","), [], { tokenFile: this.tokenFile, stateDir: join(this.dir, "agents", name) });
    agent.start();
    this.agents.push(agent);
    return agent;
  }

  alive(): ServerProcess[] {
    return this.servers.filter((s) => s.child?.exitCode === null && s.child.signalCode === null);
  }

  async readyNodes(): Promise<string[]> {
    const { items } = await this.client.nodes.list();
    return items.filter((n) => n.status?.conditions?.some((x) => x.type === "Ready" && x.status === "True")).map((n) => n.metadata.name);
  }

  /** The server the leader Lease names now, if it is one of ours and alive. */
  async leaseHolder(): Promise<{ server?: ServerProcess; holder: string; transitions: number }> {
    const lease = (await this.client.leases.get(LEADER_LEASE, { namespace: "kube-system" })) as Lease;
    const holder = lease.spec?.holderIdentity ?? "";
    return { server: this.alive().find((s) => holder.includes(`_${s.address}_`)), holder, transitions: lease.spec?.leaseTransitions ?? 0 };
  }

  /** The live leader, once the Lease names one other than `not`. */
  async leader(not?: ServerProcess, timeoutMs = 30_000): Promise<ServerProcess> {
    return until("a live server to hold the leader Lease", timeoutMs, async () => {
      const { server } = await this.leaseHolder();
      return server && server !== not ? server : undefined;
    }, 50);
  }

  async dispose(): Promise<void> {
    if (!HaCluster.live.delete(this)) return;
    this.client?.close();
    await Promise.all(this.agents.map((a) => a.stop("SIGKILL")));
    await Promise.all(this.servers.map((s) => s.stop("SIGKILL")));
    await this.keepLogs();
    await Promise.all(this.agents.map((a) => removeNodeLeftovers(a.name)));
    await this.etcd?.stop();
    await this.removeDir?.();
  }

  /** With SKIFF_TEST_LOGS=<dir>, the processes' output is left there, to read after a failure. */
  private async keepLogs(): Promise<void> {
    const dir = process.env.SKIFF_TEST_LOGS;
    if (!dir) return;
    const text = [...this.servers.map((s, i) => `--- server-${i + 1} ${s.address}\n${s.logs}`), ...this.agents.map((a) => `--- ${a.name}\n${a.logs}`)].join("\n");
    await writeFile(join(dir, `ha-chaos-${this.run}.log`), text).catch(() => undefined);
  }
}
