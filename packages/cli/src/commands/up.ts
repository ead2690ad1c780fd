// skiff up: a local cluster (a server and N agents on this machine, sharing its Docker engine),
// after which the CLI talks to it with no flags. Running it again starts whatever of that cluster
// is not running (a killed agent, the server), says which, and waits until every node is Ready:
// cluster.json records each process and how to start it (../local-cluster/README.md).
// Security is on and out of sight: the server writes the client config (CA, admin token) where
// the CLI reads it, and the agents join with a join token kept in a 0600 file of the cluster dir.
// The server also serves the Kubernetes API (--kube-listen) and writes a kubeconfig beside the
// client config, for kubectl: `up` ends with the `export KUBECONFIG=...` that uses it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Argv, CommandModule } from "yargs";
import { DEFAULT_KUBE_LISTEN, updateClientConfig } from "@skiff/api";
import { configPath } from "@skiff/client";
import type { GlobalArgs } from "../context.js";
import { UserError } from "../errors.js";
import { kubeconfigPath, kubeconfigServer } from "./kubeconfig.js";
import { newCluster, nothingToStart, operatorProcess, planStart } from "../local-cluster/plan.js";
import { isRunning } from "../local-cluster/processes.js";
import { startMissing } from "../local-cluster/start.js";
import { OPERATOR, clusterDir, isAgent, pointAt, readCluster, writeCluster } from "../local-cluster/state.js";

interface UpArgs extends GlobalArgs {
  agents: number;
  dir?: string;
  port: number;
  kubeListen: string;
  heartbeatPeriod?: string;
  nodePrefix: string;
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
      .option("port", { type: "number", default: 7443, describe: "The server's port on 127.0.0.1" })
      .option("kube-listen", { type: "string", default: DEFAULT_KUBE_LISTEN, describe: "HOST:PORT of the server's Kubernetes API, for kubectl (port 0: any free one; off: none)" })
      .option("node-prefix", { type: "string", default: "node", describe: "Nodes are named PREFIX-1, PREFIX-2, ..." })
      .option("heartbeat-period", { type: "string", describe: "Passed to `skiff server` (default 2s)" })
      .option("with-operator", {
        type: "boolean",
        default: false,
        describe: "Also run the website operator (examples/operators/website, docs/tutorial-operator.md) beside the cluster; 'skiff down' stops it",
      }) as unknown as Argv<UpArgs>,
  handler: async (args) => {
    if (!Number.isInteger(args.agents) || args.agents < 1 || args.agents > 250) throw new UserError("--agents must be a whole number from 1 to 250");
    const config = configPath();
    const dir = clusterDir(args.dir, config);
    const existing = readCluster(dir);
    // An existing cluster keeps the shape it was made with: --agents, --port and the rest apply to a new one.
    const cluster =
      existing ??
      newCluster({ dir, port: args.port, agents: args.agents, nodePrefix: args.nodePrefix, clientConfig: config, kubeListen: args.kubeListen, heartbeatPeriod: args.heartbeatPeriod });
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
    if (nothingToStart(plan)) {
      useCluster(cluster.server);
      process.stdout.write(`a local cluster is already up (server ${cluster.server}, ${agents.length} node(s), in ${dir}); 'skiff down' stops it\n${kubectlHint()}`);
      return;
    }
    await startMissing(cluster, plan);
    useCluster(cluster.server);
    const started = [...(plan.server ? [plan.server] : []), ...plan.agents, ...plan.programs];
    const head = existing
      ? `local cluster repaired: started ${started.map((p) => p.name).join(", ")} again (not running); server ${cluster.server}, ${agents.length} node(s) Ready\n`
      : `local cluster up: server ${cluster.server}, ${agents.length} node(s): ${agents.map((p) => `${p.name} (${p.address})`).join(", ")}${operator}\n`;
    process.stdout.write(
      head +
        `data and logs in ${dir}; the CLI now uses this cluster (${config}). Stop it with 'skiff down'.\n` +
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
