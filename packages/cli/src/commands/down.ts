// skiff down: stop the local cluster of `skiff up` and remove every container its nodes ran.
// With --ha (`up --ha`), the etcd members too, and their data. Without --dir, the cluster the CLI points at (the one `skiff up` last pointed this client config
// at), else ~/.skiff/local. Processes already gone are fine: what they left in Docker goes too.
// `skiff down --node NAME` only removes what the named nodes left in Docker (their containers,
// volumes and network), for nodes whose agents are already gone: e.g. an agent container of
// docker-compose.yml that was killed rather than stopped (docs/containers.md).
// The Docker volumes of the cluster's PersistentVolumes go too, unless --keep-volumes
// (docs/storage.md); their names carry the claim's uid, so another cluster never finds them.
import { rmSync } from "node:fs";
import type { Argv, CommandModule } from "yargs";
import { configPath } from "@skiff/client";
import type { GlobalArgs } from "../context.js";
import { isRunning, stopProcess } from "../local-cluster/processes.js";
import { clusterDir, forgetPointer, isAgent, isEtcd, isServer, readCluster, statePath } from "../local-cluster/state.js";

interface DownArgs extends GlobalArgs {
  dir?: string;
  keepData: boolean;
  keepVolumes: boolean;
  node: string[];
}

export const downCommand: CommandModule<GlobalArgs, DownArgs> = {
  command: "down",
  describe: "Stop the local cluster of 'skiff up' and remove its containers",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("dir", { type: "string", describe: "The cluster's directory (default: the cluster the CLI points at, else ~/.skiff/local)" })
      .option("keep-data", { type: "boolean", default: false, describe: "Keep the store and logs (the next 'up' starts from them)" })
      .option("keep-volumes", { type: "boolean", default: false, describe: "Keep the Docker volumes of the cluster's PersistentVolumes (their data)" })
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
      for (const name of args.node) removed += (await removeNodeResources(name, undefined, { keepVolumes: args.keepVolumes })).containers;
      process.stdout.write(`${args.node.length} node(s) cleaned up: ${removed} container(s) removed\n`);
      return;
    }
    const config = configPath();
    const dir = clusterDir(args.dir, config);
    const cluster = readCluster(dir);
    if (!cluster) {
      if (!args.keepData) forgetPointer(config, dir);
      process.stdout.write(`no local cluster in ${dir}\n`);
      return;
    }
    // Agents first, so that none restarts a container while it is being removed; the servers, then
    // etcd last (--ha: a server stopping cleanly resigns through etcd). A process that is already
    // gone (killed, crashed, never started) is skipped; its containers are removed all the same.
    const agents = cluster.processes.filter(isAgent);
    const gone = cluster.processes.filter((p) => !isRunning(p)).map((p) => p.name);
    // The operator first (--with-operator): it would only re-make what is being stopped.
    await Promise.all(cluster.processes.filter((p) => p.program !== undefined).map((p) => stopProcess(p)));
    await Promise.all(agents.map((p) => stopProcess(p)));
    await Promise.all(cluster.processes.filter(isServer).map((p) => stopProcess(p)));
    await Promise.all(cluster.processes.filter(isEtcd).map((p) => stopProcess(p)));
    let removed = 0;
    for (const agent of agents) removed += (await removeNodeResources(agent.name, undefined, { keepVolumes: args.keepVolumes })).containers;
    if (args.keepData) rmSync(statePath(dir), { force: true });
    else {
      rmSync(dir, { recursive: true, force: true });
      forgetPointer(config, dir);
    }
    const stopped = cluster.processes.length - gone.length;
    process.stdout.write(
      `local cluster stopped: ${stopped} process(es)${gone.length > 0 ? ` (${gone.join(", ")} already gone)` : ""}, ${removed} container(s) removed\n`,
    );
  },
};
