// skiff cordon NODE: mark the node unschedulable, so no new pod is placed on it.
import type { Argv, CommandModule } from "yargs";
import { withClient, type GlobalArgs } from "../context.js";
import { setUnschedulable } from "../drain.js";

interface CordonArgs extends GlobalArgs {
  node: string;
}

export const cordonCommand: CommandModule<GlobalArgs, CordonArgs> = {
  command: "cordon <node>",
  describe: "Mark a node unschedulable (the pods on it keep running)",
  builder: (y: Argv<GlobalArgs>) =>
    y.positional("node", { type: "string", demandOption: true, describe: "The node's name" }) as unknown as Argv<CordonArgs>,
  handler: async (args) => {
    const changed = await withClient(args, (client) => setUnschedulable(client, args.node, true));
    process.stdout.write(`node/${args.node} ${changed ? "cordoned" : "already cordoned"}\n`);
  },
};
