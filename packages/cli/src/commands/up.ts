// skiff up: a local cluster (a server and N agents on this machine, sharing its Docker engine),
// after which the CLI talks to it with no flags. Running it again reuses a cluster that is up.
// Security is on and out of sight: the server writes the client config (CA, admin token) where
// the CLI reads it, and the agents join with a join token kept in a 0600 file of the cluster dir.
// The server also serves the Kubernetes API (--kube-listen) and writes a kubeconfig beside the
// client config, for kubectl: `up` ends with the `export KUBECONFIG=...` that uses it.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Argv, CommandModule } from "yargs";
import { stringify } from "yaml";
import { DEFAULT_KUBE_LISTEN } from "@skiff/api";
import { configPath, loadConfig, SkiffClient, type ClientConfig } from "@skiff/client";
import type { GlobalArgs } from "../context.js";
import { UserError } from "../errors.js";
import { kubeconfigPath, kubeconfigServer } from "./kubeconfig.js";
import { DEFAULT_LOCAL_DIR, isAlive, nodeAddress, readCluster, sleep, spawnSkiff, writeCluster, type LocalProcess } from "../local-cluster.js";

interface UpArgs extends GlobalArgs {
  agents: number;
  dir: string;
  port: number;
  kubeListen: string;
  heartbeatPeriod?: string;
  nodePrefix: string;
}

const READY_TIMEOUT_MS = 30_000;

export const upCommand: CommandModule<GlobalArgs, UpArgs> = {
  command: "up",
  describe: "Start a local cluster: a server and N agents on this machine's Docker engine",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("agents", { type: "number", default: 2, describe: "How many nodes (agents)" })
      .option("dir", { type: "string", default: DEFAULT_LOCAL_DIR, describe: "Where the cluster keeps its data and logs" })
      .option("port", { type: "number", default: 7443, describe: "The server's port on 127.0.0.1" })
      .option("kube-listen", { type: "string", default: DEFAULT_KUBE_LISTEN, describe: "HOST:PORT of the server's Kubernetes API, for kubectl (port 0: any free one; off: none)" })
      .option("node-prefix", { type: "string", default: "node", describe: "Nodes are named PREFIX-1, PREFIX-2, ..." })
      .option("heartbeat-period", { type: "string", describe: "Passed to `skiff server` (default 2s)" }) as unknown as Argv<UpArgs>,
  handler: async (args) => {
    if (!Number.isInteger(args.agents) || args.agents < 1 || args.agents > 250) throw new UserError("--agents must be a whole number from 1 to 250");
    const existing = readCluster(args.dir);
    if (existing && existing.processes.every((p) => isAlive(p.pid))) {
      useCluster(existing.server);
      process.stdout.write(`a local cluster is already up (server ${existing.server}); 'skiff down' stops it\n${kubectlHint()}`);
      return;
    }
    if (existing) throw new UserError(`a local cluster in ${args.dir} is partly down; run 'skiff down --dir ${args.dir}' first`);
    mkdirSync(args.dir, { recursive: true });
    const server = `127.0.0.1:${args.port}`;
    const processes: LocalProcess[] = [];
    const serverArgs = ["server", "--data-dir", join(args.dir, "data"), "--listen", server, "--client-config", configPath(), "--kube-listen", args.kubeListen];
    if (args.heartbeatPeriod) serverArgs.push("--heartbeat-period", args.heartbeatPeriod);
    processes.push(spawnSkiff(args.dir, "server", serverArgs));
    writeCluster({ dir: args.dir, server, processes });
    // The server writes the client config (CA, token) as it starts: read it only once it answers.
    await waitFor(async () => {
      const probe = new SkiffClient({ server });
      try {
        return (await probe.health()).status === "ok";
      } finally {
        probe.close();
      }
    }, "the server", join(args.dir, "server.log"));
    const client = new SkiffClient({ server });
    try {
      const tokenFile = join(args.dir, "join-token");
      const { token } = await client.tokens.create("join", { ttlSeconds: 3600, description: "skiff up" });
      writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
      for (let i = 1; i <= args.agents; i++) {
        const name = `${args.nodePrefix}-${i}`;
        const address = nodeAddress(i);
        const agentArgs = ["agent", "--server", server, "--name", name, "--address", address, "--token-file", tokenFile, "--state-dir", join(args.dir, "agents", name)];
        processes.push({ ...spawnSkiff(args.dir, name, agentArgs), address });
        writeCluster({ dir: args.dir, server, processes });
      }
      await waitFor(async () => {
        const { items } = await client.nodes.list();
        const ready = items.filter((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"));
        const names = new Set(ready.map((n) => n.metadata.name));
        return processes.every((p) => p.name === "server" || names.has(p.name));
      }, `${args.agents} Ready nodes`, join(args.dir, `${args.nodePrefix}-1.log`));
    } finally {
      client.close();
    }
    useCluster(server);
    process.stdout.write(
      `local cluster up: server ${server}, ${args.agents} node(s): ${processes.slice(1).map((p) => `${p.name} (${p.address})`).join(", ")}\n` +
        `data and logs in ${args.dir}; the CLI now uses this cluster (${configPath()}). Stop it with 'skiff down'.\n` +
        (args.kubeListen === "off" ? "" : kubectlHint()),
    );
  },
};

/** How kubectl reaches the cluster: the kubeconfig the server wrote beside the client config, and its address. */
function kubectlHint(): string {
  const path = kubeconfigPath();
  const server = kubeconfigServer(path);
  if (!server) return `the server wrote no kubeconfig at ${path} (see its log): kubectl cannot use this cluster yet\n`;
  return `kubectl works with this cluster too (its Kubernetes API is at ${server}):\nexport KUBECONFIG=${path}\n`;
}

/** Point the CLI's config file at the cluster, keeping anything else it holds. */
function useCluster(server: string): void {
  const path = configPath();
  let config: ClientConfig = {};
  try {
    config = loadConfig(path);
  } catch {
    // an unreadable config is replaced: `up` is how a local user gets a working one
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `# written by 'skiff up'\n${stringify({ ...config, server })}`, { mode: 0o600 });
}

async function waitFor(check: () => Promise<boolean>, what: string, log: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    await sleep(200);
  }
  const why = last instanceof Error ? ` (${last.message})` : "";
  throw new UserError(`timed out after ${READY_TIMEOUT_MS / 1000}s waiting for ${what}${why}; see ${log}, then 'skiff down'`);
}
