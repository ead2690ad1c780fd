// skiff token create|list|revoke: join tokens for agents, API tokens for clients (docs/security.md).
import type { Argv, CommandModule } from "yargs";
import type { GlobalArgs } from "../context.js";
import { createCommand } from "./token/create.js";
import { listCommand } from "./token/list.js";
import { revokeCommand } from "./token/revoke.js";

export const tokenCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: "token",
  describe: "Make, list and revoke join tokens (for agents) and API tokens",
  builder: (y: Argv<GlobalArgs>) =>
    y.command(createCommand).command(listCommand).command(revokeCommand).demandCommand(1, "token needs a subcommand: create, list or revoke"),
  handler: () => undefined,
};
