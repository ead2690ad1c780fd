// skiff uncordon NODE: let the scheduler place pods on the node again.
import type { Argv, CommandModule } from "yargs";
import { withClient, type GlobalArgs } from "../context.js";
import { setUnschedulable } from "../drain.js";

interface UncordonArgs extends GlobalArgs {
  node: string;
}

export const uncordonCommand: CommandModule<GlobalArgs, UncordonArgs> = {
  command: "uncordon <node>",
  describe: "Mark a node schedulable again",
  builder: (y: Argv<GlobalArgs>) =>
    y.positional("node", { type: "string", demandOption: true, describe: "The node's name" }) as unknown as Argv<UncordonArgs>,
  handler: async (args) => {
    const changed = await withClient(args, (client) => setUnschedulable(client, args.node, false));
    process.stdout.write(`node/${args.node} ${changed ? "uncordoned" : "already uncordoned"}\n`);
  },
};
