// skiff set image ...: change one field of existing objects, one module per field in set/.
import type { Argv, CommandModule } from "yargs";
import type { GlobalArgs } from "../context.js";
import { imageCommand } from "./set/image.js";

export const setCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: "set",
  describe: "Change a field of existing objects (set image)",
  builder: (y: Argv<GlobalArgs>) => y.command(imageCommand).demandCommand(1, "set needs a subcommand: image"),
  handler: () => undefined,
};
