// skiff create cronjob NAME --image=IMG --schedule=CRON [--restart=OnFailure|Never] [-- COMMAND...], as kubectl.
import type { Argv, CommandModule } from "yargs";
import { namespaceFor, withClient, type GlobalArgs } from "../../context.js";
import { cronJobFrom } from "../../create-objects.js";
import { createAndSay, type DryRunArgs, dryRunOptions } from "./dry-run.js";

interface Args extends GlobalArgs, DryRunArgs {
  name: string;
  image: string;
  schedule: string;
  restart: string;
  "--"?: string[];
}

export const createCronJobCommand: CommandModule<GlobalArgs, Args> = {
  command: "cronjob <name>",
  aliases: ["cj"],
  describe: "Create a CronJob that runs an image on a schedule",
  builder: (y: Argv<GlobalArgs>) =>
    dryRunOptions(
      y
        .parserConfiguration({ "populate--": true })
        .positional("name", { type: "string", demandOption: true })
        .option("image", { type: "string", default: "", describe: "The image to run" })
        .option("schedule", { type: "string", default: "", describe: 'When, in cron syntax: "*/5 * * * *"' })
        .option("restart", { type: "string", default: "OnFailure", describe: "The Job's pods' restartPolicy: OnFailure or Never" })
        .example(`skiff create cronjob tick --image=busybox --schedule="*/1 * * * *" -- date`, ""),
    ) as unknown as Argv<Args>,
  handler: async (args) => {
    const obj = cronJobFrom(args.name, namespaceFor(args), { image: args.image, schedule: args.schedule, restart: args.restart, command: args["--"] ?? [] });
    await createAndSay(args, obj, (o) => withClient(args, (c) => c.create(o)));
  },
};
