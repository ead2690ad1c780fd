// skiff create deployment|job|cronjob|configmap|secret ...: make one object from flags, as
// `kubectl create` does, one module per kind in create/.
import type { Argv, CommandModule } from "yargs";
import type { GlobalArgs } from "../context.js";
import { createConfigMapCommand } from "./create/configmap.js";
import { createCronJobCommand } from "./create/cronjob.js";
import { createDeploymentCommand } from "./create/deployment.js";
import { createJobCommand } from "./create/job.js";
import { createSecretCommand } from "./create/secret.js";

export const createCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: "create",
  describe: "Create an object from flags (deployment, job, cronjob, configmap, secret)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .command(createDeploymentCommand)
      .command(createJobCommand)
      .command(createCronJobCommand)
      .command(createConfigMapCommand)
      .command(createSecretCommand)
      .demandCommand(1, "create needs a subcommand: deployment, job, cronjob, configmap or secret"),
  handler: () => undefined,
};
