// skiff auth can-i: ask the server's authorizer (docs/security.md), as kubectl auth does.
import type { Argv, CommandModule } from "yargs";
import type { GlobalArgs } from "../context.js";
import { canICommand } from "./auth/can-i.js";

export const authCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: "auth",
  describe: "Inspect authorization: may I (or --as someone) do this?",
  builder: (y: Argv<GlobalArgs>) => y.command(canICommand).demandCommand(1, "auth needs a subcommand: can-i"),
  handler: () => undefined,
};
