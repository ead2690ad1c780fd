// skiff version: the client's version, then the server's (from Health). An unreachable
// server still lets the client version print first, then fails with the usual message.
import type { CommandModule } from "yargs";
import { withClient, type GlobalArgs } from "../context.js";
import { clientVersion } from "../version.js";

export const versionCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: "version",
  describe: "Print the client and server versions",
  handler: async (args) => {
    process.stdout.write(`Client Version: v${clientVersion()}\n`);
    const health = await withClient(args, (c) => c.health());
    process.stdout.write(`Server Version: v${health.version}\n`);
  },
};
