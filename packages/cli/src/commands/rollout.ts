// skiff rollout status|history|undo|restart|pause|resume: one module per subcommand in rollout/.
import type { Argv, CommandModule } from "yargs";
import type { GlobalArgs } from "../context.js";
import { historyCommand } from "./rollout/history.js";
import { pauseCommand, resumeCommand } from "./rollout/pause.js";
import { restartCommand } from "./rollout/restart.js";
import { statusCommand } from "./rollout/status.js";
import { undoCommand } from "./rollout/undo.js";

export const rolloutCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: "rollout",
  describe: "Follow, undo, restart, pause or resume the rollout of a Deployment (or StatefulSet, DaemonSet)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .command(statusCommand)
      .command(historyCommand)
      .command(undoCommand)
      .command(restartCommand)
      .command(pauseCommand)
      .command(resumeCommand)
      .demandCommand(1, "rollout needs a subcommand: status, history, undo, restart, pause or resume"),
  handler: () => undefined,
};
