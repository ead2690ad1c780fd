// skiff down: stop the local cluster of `skiff up` and remove every container its nodes ran.
// `skiff down --node NAME` only removes what the named nodes left in Docker (their containers,
// volumes and network), for nodes whose agents are already gone: e.g. an agent container of
// docker-compose.yml that was killed rather than stopped (docs/containers.md).
import { rmSync } from "node:fs";
import type { Argv, CommandModule } from "yargs";
import type { GlobalArgs } from "../context.js";
import { DEFAULT_LOCAL_DIR, readCluster, stopProcess } from "../local-cluster.js";

interface DownArgs extends GlobalArgs {
  dir: string;
  keepData: boolean;
  node: string[];
}

export const downCommand: CommandModule<GlobalArgs, DownArgs> = {
  command: "down",
  describe: "Stop the local cluster of 'skiff up' and remove its containers",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("dir", { type: "string", default: DEFAULT_LOCAL_DIR, describe: "The cluster's directory" })
      .option("keep-data", { type: "boolean", default: false, describe: "Keep the store and logs (the next 'up' starts from them)" })
      .option("node", {
        type: "string",
        array: true,
        default: [] as string[],
        describe: "Only remove the containers, volumes and network these nodes left in Docker (their agents must be stopped); repeatable",
      }) as unknown as Argv<DownArgs>,
  handler: async (args) => {
    const { removeNodeResources } = await import("@skiff/agent");
    if (args.node.length > 0) {
      let removed = 0;
      for (const name of args.node) removed += (await removeNodeResources(name)).containers;
      process.stdout.write(`${args.node.length} node(s) cleaned up: ${removed} container(s) removed\n`);
      return;
    }
    const cluster = readCluster(args.dir);
    if (!cluster) {
      process.stdout.write(`no local cluster in ${args.dir}\n`);
      return;
    }
    // Agents first, so that none restarts a container while it is being removed.
    const agents = cluster.processes.filter((p) => p.name !== "server");
    await Promise.all(agents.map((p) => stopProcess(p.pid)));
    await Promise.all(cluster.processes.filter((p) => p.name === "server").map((p) => stopProcess(p.pid)));
    let removed = 0;
    for (const agent of agents) removed += (await removeNodeResources(agent.name)).containers;
    if (args.keepData) rmSync(`${args.dir}/cluster.json`, { force: true });
    else rmSync(args.dir, { recursive: true, force: true });
    process.stdout.write(`local cluster stopped: ${cluster.processes.length} process(es), ${removed} container(s) removed\n`);
  },
};
