// skiff top nodes | skiff top pods [-n NS | -A] [--containers]: the latest CPU and memory the
// agents reported (every 10 s, from Docker stats), as kubectl top prints them.
import type { Argv, CommandModule } from "yargs";
import { namespaceFor, withClient, type GlobalArgs } from "../context.js";
import { TableWriter } from "../output/table.js";
import { topNodesRows, topPodsRows } from "../top.js";
import { UserError } from "../errors.js";

interface TopArgs extends GlobalArgs {
  what: string;
  name?: string;
  allNamespaces: boolean;
  containers: boolean;
}

export const topCommand: CommandModule<GlobalArgs, TopArgs> = {
  command: "top <what> [name]",
  describe: "Show the CPU and memory of nodes or pods (the agents' latest Docker stats)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("what", { type: "string", choices: ["nodes", "node", "no", "pods", "pod", "po"], demandOption: true, describe: "nodes or pods" })
      .positional("name", { type: "string", describe: "Only this node or pod" })
      .option("all-namespaces", { alias: "A", type: "boolean", default: false, describe: "Pods of every namespace" })
      .option("containers", { type: "boolean", default: false, describe: "A row per container of each pod" })
      .example("skiff top nodes", "")
      .example("skiff top pods -A", "") as unknown as Argv<TopArgs>,
  handler: async (args) => {
    const nodes = ["nodes", "node", "no"].includes(args.what);
    const namespace = args.allNamespaces ? "" : namespaceFor(args);
    const text = await withClient(args, async (client) => {
      if (nodes) {
        const [metrics, list] = await Promise.all([client.usage.nodes(), client.nodes.list()]);
        const shown = args.name ? metrics.filter((m) => m.metadata.name === args.name) : metrics;
        const known = args.name ? list.items.filter((n) => n.metadata.name === args.name) : list.items;
        if (args.name && shown.length === 0) throw new UserError(`metrics not available yet for node ${args.name}: its agent reports usage every 10 s`);
        if (shown.length === 0) throw new UserError("metrics not available yet: agents report usage every 10 s");
        return new TableWriter(undefined).format(topNodesRows(shown, known));
      }
      const metrics = (await client.usage.pods(namespace)).filter((p) => !args.name || p.metadata.name === args.name);
      if (args.name && metrics.length === 0) throw new UserError(`metrics not available yet for pod ${namespace}/${args.name}: its agent reports usage every 10 s`);
      if (metrics.length === 0) {
        process.stderr.write(namespace ? `No resources found in ${namespace} namespace.\n` : "No resources found\n");
        return "";
      }
      return new TableWriter(undefined).format(topPodsRows(metrics, { withNamespace: args.allNamespaces, containers: args.containers }));
    });
    process.stdout.write(text);
  },
};
