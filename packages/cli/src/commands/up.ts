// skiff up: a local cluster (a server and N agents on this machine, sharing its Docker engine),
// after which the CLI talks to it with no flags. Running it again starts whatever of that cluster
// is not running (a killed agent, the server), says which, and waits until every node is Ready:
// cluster.json records each process and how to start it (../local-cluster/README.md).
// Security is on and out of sight: the server writes the client config (CA, admin token) where
// the CLI reads it, and the agents join with a join token kept in a 0600 file of the cluster dir.
// The server also serves the Kubernetes API (--kube-listen) and writes a kubeconfig beside the
// client config, for kubectl: `up` ends with the `export KUBECONFIG=...` that uses it.
// `skiff up --ha`: 3 etcd members, 3 servers on them and N agents given all three (plan-ha.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Argv, CommandModule } from "yargs";
import { DEFAULT_KUBE_LISTEN, updateClientConfig } from "@skiff/api";
import { configPath } from "@skiff/client";
import type { GlobalArgs } from "../context.js";
import { UserError } from "../errors.js";
import { kubeconfigPath, kubeconfigServer } from "./kubeconfig.js";
import { dashboardAccess, dashboardLoginUrl } from "../dashboard-link.js";
import { newCluster, nothingToStart, operatorProcess, planStart, toStart } from "../local-cluster/plan.js";
import { HA_DEFAULT_ETCD_PORT, HA_DEFAULT_KUBE_LISTEN, HA_DEFAULT_PORT, haPorts, newHaCluster } from "../local-cluster/plan-ha.js";
import { etcdOnPath, isRunning } from "../local-cluster/processes.js";
import { NO_ETCD, startMissing } from "../local-cluster/start.js";
import { OPERATOR, clusterDir, isAgent, pointAt, pointedDir, readCluster, writeCluster, type LocalCluster } from "../local-cluster/state.js";
import { freePorts } from "../local-cluster/free-port.js";

interface UpArgs extends GlobalArgs {
  agents: number;
  dir?: string;
  ha: boolean;
  port?: number;
  etcdPort?: number;
  kubeListen?: string;
  heartbeatPeriod?: string;
  nodePrefix?: string;
  schedulerConfig?: string;
  withOperator: boolean;
}

/** The website operator, as `npm run build` compiles it (examples/operators/website/main.ts). */
const OPERATOR_PROGRAM = fileURLToPath(new URL("../../../../examples/dist/operators/website/main.js", import.meta.url));

export const upCommand: CommandModule<GlobalArgs, UpArgs> = {
  command: "up",
  describe: "Start a local cluster: a server and N agents on this machine's Docker engine (again: start what is not running)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("agents", { type: "number", default: 2, describe: "How many nodes (agents)" })
      .option("dir", { type: "string", describe: "Where the cluster keeps its data and logs (default: the cluster the CLI points at, else ~/.skiff/local)" })
      .option("ha", { type: "boolean", default: false, describe: "3 etcd members (the etcd on PATH), 3 servers on them, N agents (default dir ~/.skiff/local-ha)" })
      .option("port", { type: "number", describe: `The server's port on 127.0.0.1 (default 7443; --ha: ${HA_DEFAULT_PORT} and the next two; 0: free ones)` })
      .option("etcd-port", { type: "number", describe: `--ha: the first etcd member's client port; members take PORT..PORT+5, client and peer (default ${HA_DEFAULT_ETCD_PORT}; 0: free ones)` })
      .option("kube-listen", { type: "string", describe: `HOST:PORT of the server's Kubernetes API, for kubectl (default ${DEFAULT_KUBE_LISTEN}, --ha ${HA_DEFAULT_KUBE_LISTEN}; port 0: any free one; off: none)` })
      .option("node-prefix", { type: "string", describe: "Nodes are named PREFIX-1, PREFIX-2, ... (default node; --ha: ha-node)" })
      .option("heartbeat-period", { type: "string", describe: "Passed to `skiff server` (default 2s)" })
      .option("scheduler-config", { type: "string", describe: "A scheduler config (YAML: plugins, weights, plugin modules), passed to `skiff server --scheduler-config` of a new cluster" })
      .option("with-operator", {
        type: "boolean",
        default: false,
        describe: "Also run the website operator (examples/operators/website, docs/tutorial-operator.md) beside the cluster; 'skiff down' stops it",
      }) as unknown as Argv<UpArgs>,
  handler: async (args) => {
    if (!Number.isInteger(args.agents) || args.agents < 0 || args.agents > 250) throw new UserError("--agents must be a whole number from 0 to 250");
    const config = configPath();
    const dir = args.ha ? haClusterDir(args.dir, config) : clusterDir(args.dir, config);
    const existing = readCluster(dir);
    if (args.ha && existing && !existing.etcd) {
      throw new UserError(`the local cluster in ${dir} was not made with --ha; give --ha another --dir, or 'skiff down --dir ${dir}' first`);
    }
    if (args.ha && !etcdOnPath()) throw new UserError(NO_ETCD);
    const schedulerConfig = schedulerConfigPath(args.schedulerConfig, existing);
    // An existing cluster keeps the shape it was made with: --agents, --port and the rest apply to a new one.
    const cluster = existing ?? (args.ha ? await newHa(args, dir, config, schedulerConfig) : newPlain(args, dir, config, schedulerConfig));
    if (args.withOperator && !cluster.processes.some((p) => p.name === OPERATOR)) {
      if (!existsSync(OPERATOR_PROGRAM)) throw new UserError(`--with-operator: the website operator is not built (${OPERATOR_PROGRAM} is missing); run 'npm run build' in the skiff repository`);
      cluster.processes.push(operatorProcess(dir, OPERATOR_PROGRAM));
      if (existing) writeCluster(cluster);
    }
    const plan = planStart(cluster, isRunning);
    if (plan.unknown.length > 0) {
      const names = plan.unknown.map((p) => p.name).join(", ");
      throw new UserError(`a local cluster in ${dir} is partly down (${names} not running) and its state does not say how to start them again; run 'skiff down --dir ${dir}' first`);
    }
    if (!existing) {
      mkdirSync(dir, { recursive: true });
      writeCluster(cluster);
    }
    pointAt(config, dir); // before anything can fail: a plain 'skiff down' must find it
    const agents = cluster.processes.filter(isAgent);
    const operator = cluster.processes.some((p) => p.name === OPERATOR) ? `; the website operator runs beside it (log: ${dir}/${OPERATOR}.log)` : "";
    const servers = `server${cluster.etcd ? "s" : ""} ${cluster.server}${cluster.etcd ? ` on etcd ${cluster.etcd.join(",")}` : ""}`;
    if (nothingToStart(plan)) {
      useCluster(cluster.server);
      process.stdout.write(`a local cluster is already up (${servers}, ${agents.length} node(s), in ${dir}); 'skiff down' stops it\n${kubectlHint()}${await dashboardHint()}`);
      return;
    }
    await startMissing(cluster, plan);
    useCluster(cluster.server);
    const head = existing
      ? `local cluster repaired: started ${toStart(plan).map((p) => p.name).join(", ")} again (not running); ${servers}, ${agents.length} node(s) Ready\n`
      : `local cluster up: ${servers}, ${agents.length} node(s): ${agents.map((p) => `${p.name} (${p.address})`).join(", ")}${operator}\n`;
    process.stdout.write(
      head +
        `data and logs in ${dir}; the CLI now uses this cluster (${config}). Stop it with 'skiff down'.\n` +
        (args.kubeListen === "off" ? "" : kubectlHint() + (await dashboardHint())),
    );
  },
};

/**
 * --scheduler-config as an absolute path (the server starts in another directory), checked to
 * exist; the server checks what it says. An existing cluster keeps the config it was made with.
 */
function schedulerConfigPath(given: string | undefined, existing: LocalCluster | undefined): string | undefined {
  if (given === undefined) return undefined;
  const path = resolve(given);
  if (!existsSync(path)) throw new UserError(`--scheduler-config: ${path} does not exist`);
  if (existing && !existing.processes.some((p) => p.args?.includes(path))) {
    throw new UserError(`--scheduler-config applies to a new cluster: the one in ${existing.dir} was made without ${path}; 'skiff down' it first`);
  }
  return path;
}

function newPlain(args: UpArgs, dir: string, config: string, schedulerConfig?: string): LocalCluster {
  return newCluster({
    dir,
    port: args.port ?? 7443,
    agents: args.agents,
    nodePrefix: args.nodePrefix ?? "node",
    clientConfig: config,
    kubeListen: args.kubeListen ?? DEFAULT_KUBE_LISTEN,
    heartbeatPeriod: args.heartbeatPeriod,
    schedulerConfig,
  });
}

/** An --ha cluster's plan, on the ports asked for (0: free ones, picked now). */
async function newHa(args: UpArgs, dir: string, config: string, schedulerConfig?: string): Promise<LocalCluster> {
  const ports = haPorts(args.port ?? HA_DEFAULT_PORT, args.etcdPort ?? HA_DEFAULT_ETCD_PORT);
  const free = await freePorts((args.port === 0 ? ports.serverPorts.length : 0) + (args.etcdPort === 0 ? 2 * ports.etcdPorts.length : 0));
  if (args.port === 0) ports.serverPorts = ports.serverPorts.map(() => free.shift()!);
  if (args.etcdPort === 0) ports.etcdPorts = ports.etcdPorts.map(() => ({ client: free.shift()!, peer: free.shift()! }));
  return newHaCluster({
    dir,
    ...ports,
    agents: args.agents,
    nodePrefix: args.nodePrefix ?? "ha-node",
    clientConfig: config,
    kubeListen: args.kubeListen ?? HA_DEFAULT_KUBE_LISTEN,
    heartbeatPeriod: args.heartbeatPeriod,
    schedulerConfig,
  });
}

/** --ha's directory: --dir; else the cluster the CLI points at if it is an --ha one; else ~/.skiff/local-ha. */
function haClusterDir(explicit: string | undefined, config: string): string {
  if (explicit) return resolve(explicit);
  const pointed = pointedDir(config);
  if (pointed && readCluster(pointed)?.etcd) return resolve(pointed);
  return join(homedir(), ".skiff", "local-ha");
}

/** How kubectl reaches the cluster: the kubeconfig the server wrote beside the client config, and its address. */
function kubectlHint(): string {
  const path = kubeconfigPath();
  const server = kubeconfigServer(path);
  if (!server) return `the server wrote no kubeconfig at ${path} (see its log): kubectl cannot use this cluster yet\n`;
  return `kubectl works with this cluster too (its Kubernetes API is at ${server}):\nexport KUBECONFIG=${path}\n`;
}

/** The web dashboard's one-time login link; when the server cannot give one, how to ask again. */
async function dashboardHint(): Promise<string> {
  try {
    return `watch it live in a browser (this link works once, within a minute; 'skiff dashboard' prints another):\n${await dashboardLoginUrl(dashboardAccess())}\n`;
  } catch (err) {
    return `the dashboard gave no login link (${(err as Error).message}); try 'skiff dashboard'\n`;
  }
}

/** Point the CLI's config file at the cluster, keeping anything else it holds (an unreadable one is replaced). */
function useCluster(server: string): void {
  const path = configPath();
  let previous: string | undefined;
  try {
    previous = readFileSync(path, "utf8");
  } catch {
    // none yet, or unreadable: `up` is how a local user gets a working one
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, updateClientConfig(previous, { server }, "written by 'skiff up'"), { mode: 0o600 });
}
