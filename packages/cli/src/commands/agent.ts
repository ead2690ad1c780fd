// skiff agent: make this machine's Docker engine a node of the cluster at --server.
import { readFileSync } from "node:fs";
import type { Argv, CommandModule } from "yargs";
// Subpaths, not the SDK and the schemas, which the agent never uses (issue 18).
import { parseCpu, parseDuration, parseMemory } from "@skiff/api/core";
import { insecureFromEnv, resolveServer } from "@skiff/client/config";
import type { GlobalArgs } from "../context.js";
import { UserError } from "../user-error.js";
import { keepDaemonHeapCompact } from "../daemon-heap.js";
import { waitForSignal } from "../signals.js";

interface AgentArgs extends GlobalArgs {
  name: string;
  labels?: string;
  cpu?: string;
  memory?: string;
  maxPods?: number;
  maxParallelStarts?: number;
  address?: string;
  port: number;
  logLevel?: string;
  tokenFile?: string;
  caCertHash?: string;
  stateDir?: string;
  podFilesDir?: string;
  insecure: boolean;
  metricsListen?: string;
  usagePeriod: string;
  removePodsOnExit: boolean;
}

export const agentCommand: CommandModule<GlobalArgs, AgentArgs> = {
  command: "agent",
  describe: "Run a node agent: register with the server and run the pods it assigns, through Docker",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("name", { type: "string", demandOption: true, describe: "This node's name (DNS-1123)" })
      .option("labels", { type: "string", describe: "Node labels, k=v,k2=v2" })
      .option("cpu", { type: "string", describe: "CPU to offer (e.g. 2 or 1500m); default: what Docker reports" })
      .option("memory", { type: "string", describe: "Memory to offer (e.g. 4Gi); default: what Docker reports" })
      .option("max-pods", { type: "number", describe: "Most pods this node runs (default 110)" })
      .option("max-parallel-starts", { type: "number", describe: "Most pods creating and starting containers at once (default 8, about what Docker does in parallel)" })
      .option("address", { type: "string", describe: "This node's address: host ports bind here (default 127.0.0.1)" })
      .option("port", { type: "number", default: 0, describe: "Port of the agent's own service (logs, exec); 0 picks one" })
      .option("token-file", { type: "string", describe: "A file holding the join token ('skiff token create'); or set SKIFF_JOIN_TOKEN. Needed only to join" })
      .option("ca-cert-hash", { type: "string", describe: "sha256:<hex> of the cluster CA, when the join token does not carry it" })
      .option("state-dir", { type: "string", describe: "Where the node's key and certificate are kept (default ~/.skiff/agent/NAME)" })
      .option("pod-files-dir", { type: "string", describe: "Where files bind-mounted into pods (service account tokens) are written, a path the Docker engine sees (default STATE-DIR/pods)" })
      .option("insecure", { type: "boolean", default: false, describe: "Plaintext, no certificate: for a server run with --insecure" })
      .option("usage-period", { type: "string", default: "10s", describe: "How often container CPU and memory are sampled (Docker stats) for 'skiff top'; 0 never" })
      .option("metrics-listen", { type: "string", describe: "HOST:PORT (loopback only) for a plaintext Prometheus /metrics" })
      .option("remove-pods-on-exit", {
        type: "boolean",
        default: false,
        describe: "On SIGTERM or SIGINT, remove this node's containers, volumes and network before exiting (an agent in a container: docker compose down)",
      })
      .option("log-level", { choices: ["trace", "debug", "info", "warn", "error", "silent"], describe: "Log verbosity (stderr)" }) as unknown as Argv<AgentArgs>,
  handler: async (args) => {
    keepDaemonHeapCompact();
    const { startAgent, removeNodeResources, RuntimeUnavailableError, JoinError, MetricsListenError } = await import("@skiff/agent");
    const insecure = args.insecure || insecureFromEnv() === true;
    if (insecure) process.stderr.write("WARNING: skiff agent runs with --insecure: plaintext, no node certificate.\n");
    if (args.logLevel) process.env.SKIFF_LOG_LEVEL = args.logLevel;
    const starts = args.maxParallelStarts;
    if (starts !== undefined && !(Number.isInteger(starts) && starts >= 1)) throw new UserError(`--max-parallel-starts: ${starts} is not a whole number >= 1`);
    let agent;
    try {
      agent = await startAgent({
        server: resolveServer(args.server),
        name: args.name,
        labels: parseLabels(args.labels),
        cpuMilli: args.cpu === undefined ? undefined : parseCpu(args.cpu),
        memoryBytes: args.memory === undefined ? undefined : parseMemory(args.memory),
        maxPods: args.maxPods,
        maxParallelStarts: starts,
        address: args.address,
        agentPort: args.port,
        insecure,
        stateDir: args.stateDir,
        podFilesDir: args.podFilesDir,
        joinToken: insecure ? undefined : joinToken(args.tokenFile),
        caCertHash: args.caCertHash,
        metricsListen: args.metricsListen,
        usagePeriodMs: parseDuration(args.usagePeriod, "--usage-period"),
      });
    } catch (err) {
      if (err instanceof RuntimeUnavailableError || err instanceof JoinError || err instanceof MetricsListenError) throw new UserError(err.message, { cause: err });
      throw err;
    }
    process.stdout.write(`skiff agent ${agent.name} running (logs and exec on ${agent.endpoint}${agent.metricsAddress ? `; metrics on http://${agent.metricsAddress}/metrics` : ""})\n`);
    const signalled = Symbol("signal");
    const ended = await Promise.race([waitForSignal().then(() => signalled), agent.done.then(() => undefined, (err: unknown) => err)]);
    // Stopping the agent leaves its pods running: a new agent adopts them. Unless asked to remove
    // them, and only when told to stop (a failed agent that is restarted must find them again).
    await agent.stop();
    if (ended === signalled && args.removePodsOnExit) {
      const removed = await removeNodeResources(args.name, undefined, { keepVolumes: true });
      process.stderr.write(
        `removed node ${args.name}'s ${removed.containers} container(s), ${removed.volumes} volume(s)${removed.network ? " and network" : ""}\n`,
      );
    }
    if (ended instanceof Error) throw ended;
    process.exit(0);
  },
};

/** The join token: from --token-file, else SKIFF_JOIN_TOKEN; never from the command line, where `ps` shows it. */
export function joinToken(file: string | undefined): string | undefined {
  if (file) {
    try {
      return readFileSync(file, "utf8").trim();
    } catch (err) {
      throw new UserError(`--token-file: cannot read ${file}: ${(err as Error).message}`);
    }
  }
  return process.env.SKIFF_JOIN_TOKEN?.trim() || undefined;
}

export function parseLabels(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of (text ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const i = pair.indexOf("=");
    if (i <= 0) throw new UserError(`--labels: "${pair}" is not key=value`);
    labels[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return labels;
}
