// A real cluster for end-to-end tests: a `skiff server` process and `skiff agent` processes on
// this machine's Docker engine. Node names carry a random run id, and each cluster has its own
// pod range, Service range and node loopback addresses (run-network.ts), so runs never collide,
// even two at once; dispose() kills everything and removes every container the run's nodes
// made, even when the test failed.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { SkiffClient } from "@skiff/client";
import { SKIFF_DAEMON, ServerProcess, freePort, skiff, tempDir, type RunResult } from "./skiff.js";
import { pickRunNetwork, type RunNetwork } from "./run-network.js";
import { removeNodeLeftovers } from "../../scripts/lib/docker-leftovers.mjs";

const exec = promisify(execFile);
export const TEST_IMAGE = "skiff-test/busybox:1";

export class AgentProcess {
  child?: ChildProcess;
  logs = "";
  constructor(
    readonly name: string,
    readonly address: string,
    readonly server: string,
    readonly extraArgs: string[] = [],
    /** The join token's file and the node's state dir (its key and certificate). */
    readonly identity?: { tokenFile: string; stateDir: string },
  ) {}

  /** Start (or start again: with a certificate in its state dir it needs no token). */
  start(env: Record<string, string> = {}): void {
    const idArgs = this.identity ? ["--token-file", this.identity.tokenFile, "--state-dir", this.identity.stateDir] : [];
    const args = ["agent", "--server", this.server, "--name", this.name, "--address", this.address, ...idArgs, ...this.extraArgs];
    const child = spawn(process.execPath, [...SKIFF_DAEMON, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    this.child = child;
    child.stdout?.on("data", (d) => (this.logs += d));
    child.stderr?.on("data", (d) => (this.logs += d));
  }

  async stop(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    await exited;
  }
}

export interface ClusterOptions {
  agents: number;
  /** Extra `skiff server` flags; the defaults make heartbeats fast for tests. */
  serverArgs?: string[];
  /** The cluster's address plan; default: a free random one (of SKIFF_TEST_SLOTS, when set). */
  network?: RunNetwork;
}

export class TestCluster {
  readonly run = randomBytes(3).toString("hex");
  readonly agents: AgentProcess[] = [];
  server!: ServerProcess;
  client!: SkiffClient;
  /** Its pod and Service ranges and its nodes' addresses (run-network.ts). */
  network!: RunNetwork;
  /** A join token (1 h) in a 0600 file, made once the server is up; every agent joins with it. */
  tokenFile!: string;
  /** The cluster's temporary directory: the server's data, and each agent's state in agents/<name>. */
  dir!: string;
  private removeDir?: () => Promise<void>;

  /** Clusters started and not yet disposed: a timed-out test never reaches its own dispose. */
  static readonly live = new Set<TestCluster>();

  static async start(options: ClusterOptions): Promise<TestCluster> {
    const cluster = new TestCluster();
    TestCluster.live.add(cluster);
    try {
      await cluster.init(options);
    } catch (err) {
      await cluster.dispose();
      throw err;
    }
    return cluster;
  }

  private async init(options: ClusterOptions): Promise<void> {
    const dir = await tempDir("cluster");
    this.removeDir = dir.remove;
    this.dir = dir.path;
    this.network = options.network ?? (await pickRunNetwork());
    const serverArgs = options.serverArgs ?? ["--heartbeat-period", "500ms", "--node-grace", "3", "--eviction-timeout", "3s"];
    // A test that names its own ranges keeps them.
    const networkArgs = serverArgs.includes("--cluster-cidr") ? [] : this.network.serverArgs;
    this.server = new ServerProcess(dir.path, await freePort(), [...serverArgs, ...networkArgs]);
    await this.server.start();
    this.client = new SkiffClient(this.server.clientOptions());
    const { token } = await this.client.tokens.create("join", { ttlSeconds: 3600, description: "test cluster" });
    this.tokenFile = join(this.dir, "join-token");
    await writeFile(this.tokenFile, `${token}\n`, { mode: 0o600 });
    for (let i = 0; i < options.agents; i++) this.addAgent();
    await this.waitForNodes(options.agents);
  }

  /** Start one more agent; node names are `<run>-n<i>`. */
  addAgent(extraArgs: string[] = []): AgentProcess {
    const n = this.agents.length + 1;
    const name = `t${this.run}-n${n}`;
    const identity = { tokenFile: this.tokenFile, stateDir: join(this.dir, "agents", name) };
    const agent = new AgentProcess(name, this.network.nodeAddress(n), this.server.address, extraArgs, identity);
    agent.start();
    this.agents.push(agent);
    return agent;
  }

  get env(): Record<string, string> {
    return this.server.env;
  }

  skiff(args: string[], input?: string): Promise<RunResult> {
    return skiff(args, { env: this.env, input });
  }

  async waitForNodes(count: number, timeoutMs = 30_000): Promise<void> {
    await eventually(async () => {
      const { items } = await this.client.nodes.list();
      const ready = items.filter((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"));
      if (ready.length < count) throw new Error(`${ready.length}/${count} nodes Ready`);
    }, timeoutMs, () => this.agents.map((a) => `--- ${a.name}\n${a.logs}`).join("\n"));
  }

  /** Containers in Docker carrying this run's node labels. */
  async containers(filter: Record<string, string> = {}): Promise<{ id: string; name: string; labels: Record<string, string>; state: string }[]> {
    const args = ["ps", "-a", "--no-trunc", "--format", "{{json .}}", ...Object.entries(filter).flatMap(([k, v]) => ["--filter", `label=${k}=${v}`])];
    const { stdout } = await exec("docker", args);
    return stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { ID: string; Names: string; Labels: string; State: string })
      .map((c) => ({ id: c.ID, name: c.Names, state: c.State, labels: Object.fromEntries(c.Labels.split(",").map((kv) => kv.split("=") as [string, string])) }))
      .filter((c) => (c.labels["skiff.node"] ?? "").startsWith(`t${this.run}-`));
  }

  async dispose(): Promise<void> {
    TestCluster.live.delete(this);
    this.client?.close();
    await Promise.all(this.agents.map((a) => a.stop("SIGKILL")));
    await this.server?.stop("SIGKILL");
    await this.keepLogs();
    await Promise.all(this.agents.map((a) => removeNodeLeftovers(a.name)));
    await this.removeDir?.();
  }

  /** With SKIFF_TEST_LOGS=<dir>, every cluster leaves its processes' output there, to read after a failure. */
  private async keepLogs(): Promise<void> {
    const dir = process.env.SKIFF_TEST_LOGS;
    if (!dir || !this.server) return;
    const text = [`--- server\n${this.server.logs}`, ...this.agents.map((a) => `--- ${a.name}\n${a.logs}`)].join("\n");
    await writeFile(join(dir, `cluster-${this.run}.log`), text).catch(() => undefined);
  }
}

/** Retry `check` until it stops throwing, or fail with its last error (and some context). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000, context?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) {
        const extra = context ? `\n${context()}` : "";
        throw new Error(`${(err as Error).message} (after ${timeoutMs} ms)${extra}`, { cause: err });
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export const busyboxPod = (name: string, command: string[], extra: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { containers: [{ name: "main", image: TEST_IMAGE, command, ...extra }], terminationGracePeriodSeconds: 2 },
});
