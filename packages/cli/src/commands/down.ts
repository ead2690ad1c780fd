// skiff down: stop the local cluster of `skiff up` and remove every container its nodes ran.
import { rmSync } from "node:fs";
import type { Argv, CommandModule } from "yargs";
import type { GlobalArgs } from "../context.js";
import { DEFAULT_LOCAL_DIR, readCluster, stopProcess } from "../local-cluster.js";

interface DownArgs extends GlobalArgs {
  dir: string;
  keepData: boolean;
}

export const downCommand: CommandModule<GlobalArgs, DownArgs> = {
  command: "down",
  describe: "Stop the local cluster of 'skiff up' and remove its containers",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("dir", { type: "string", default: DEFAULT_LOCAL_DIR, describe: "The cluster's directory" })
      .option("keep-data", { type: "boolean", default: false, describe: "Keep the store and logs (the next 'up' starts from them)" }) as unknown as Argv<DownArgs>,
  handler: async (args) => {
    const cluster = readCluster(args.dir);
    if (!cluster) {
      process.stdout.write(`no local cluster in ${args.dir}\n`);
      return;
    }
    // Agents first, so that none restarts a container while it is being removed.
    const agents = cluster.processes.filter((p) => p.name !== "server");
    await Promise.all(agents.map((p) => stopProcess(p.pid)));
    await Promise.all(cluster.processes.filter((p) => p.name === "server").map((p) => stopProcess(p.pid)));
    const { DockerRuntime } = await import("@skiff/agent");
    const runtime = new DockerRuntime();
    let removed = 0;
    for (const agent of agents) {
      for (const c of await runtime.listContainers({ "skiff.node": agent.name })) {
        await runtime.removeContainer(c.id);
        removed += 1;
      }
      for (const v of await runtime.listVolumes({ "skiff.node": agent.name })) await runtime.removeVolume(v.name);
      await runtime.removeNetwork(`skiff-${agent.name}`);
    }
    if (args.keepData) rmSync(`${args.dir}/cluster.json`, { force: true });
    else rmSync(args.dir, { recursive: true, force: true });
    process.stdout.write(`local cluster stopped: ${cluster.processes.length} process(es), ${removed} container(s) removed\n`);
  },
};
