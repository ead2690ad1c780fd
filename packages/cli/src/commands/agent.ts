// skiff agent: make this machine's Docker engine a node of the cluster at --server.
import type { Argv, CommandModule } from "yargs";
import { parseCpu, parseMemory } from "@skiff/api";
import { resolveServer } from "@skiff/client";
import type { GlobalArgs } from "../context.js";
import { UserError } from "../errors.js";
import { waitForSignal } from "../signals.js";

interface AgentArgs extends GlobalArgs {
  name: string;
  labels?: string;
  cpu?: string;
  memory?: string;
  maxPods?: number;
  address?: string;
  port: number;
  logLevel?: string;
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
      .option("address", { type: "string", describe: "This node's address: host ports bind here (default 127.0.0.1)" })
      .option("port", { type: "number", default: 0, describe: "Port of the agent's own service (logs, exec); 0 picks one" })
      .option("log-level", { choices: ["trace", "debug", "info", "warn", "error", "silent"], describe: "Log verbosity (stderr)" }) as unknown as Argv<AgentArgs>,
  handler: async (args) => {
    const { startAgent, RuntimeUnavailableError } = await import("@skiff/agent");
    if (args.logLevel) process.env.SKIFF_LOG_LEVEL = args.logLevel;
    let agent;
    try {
      agent = await startAgent({
        server: resolveServer(args.server),
        name: args.name,
        labels: parseLabels(args.labels),
        cpuMilli: args.cpu === undefined ? undefined : parseCpu(args.cpu),
        memoryBytes: args.memory === undefined ? undefined : parseMemory(args.memory),
        maxPods: args.maxPods,
        address: args.address,
        agentPort: args.port,
      });
    } catch (err) {
      if (err instanceof RuntimeUnavailableError) throw new UserError(err.message, { cause: err });
      throw err;
    }
    process.stdout.write(`skiff agent ${agent.name} running (logs and exec on ${agent.endpoint})\n`);
    const failed = await Promise.race([waitForSignal().then(() => undefined), agent.done.then(() => undefined, (err: unknown) => err)]);
    // Stopping the agent leaves its pods running: a new agent adopts them.
    await agent.stop();
    if (failed instanceof Error) throw failed;
    process.exit(0);
  },
};

export function parseLabels(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of (text ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const i = pair.indexOf("=");
    if (i <= 0) throw new UserError(`--labels: "${pair}" is not key=value`);
    labels[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return labels;
}
