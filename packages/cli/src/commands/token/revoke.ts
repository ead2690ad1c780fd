// skiff token revoke ID: no new node joins with it (nodes that did keep their certificates), no
// client calls with it.
import type { Argv, CommandModule } from "yargs";
import { withClient, type GlobalArgs } from "../../context.js";

interface RevokeArgs extends GlobalArgs {
  id: string;
}

export const revokeCommand: CommandModule<GlobalArgs, RevokeArgs> = {
  command: "revoke <id>",
  describe: "Revoke a token by its ID",
  builder: (y: Argv<GlobalArgs>) => y.positional("id", { type: "string", demandOption: true, describe: "The ID ('skiff token list')" }) as unknown as Argv<RevokeArgs>,
  handler: async (args) => {
    await withClient(args, (client) => client.tokens.revoke(args.id));
    process.stdout.write(`token ${args.id} revoked\n`);
  },
};
