// skiff create job ...: make one object from flags, as `kubectl create` does, one module per kind in create/.
import type { Argv, CommandModule } from "yargs";
import type { GlobalArgs } from "../context.js";
import { createJobCommand } from "./create/job.js";

export const createCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: "create",
  describe: "Create an object from flags (create job)",
  builder: (y: Argv<GlobalArgs>) => y.command(createJobCommand).demandCommand(1, "create needs a subcommand: job"),
  handler: () => undefined,
};
