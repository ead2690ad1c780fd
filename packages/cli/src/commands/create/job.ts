// skiff create job NAME --from=cronjob/CJ | --image=IMG [-- COMMAND...]: a Job, as `kubectl create
// job` makes one (create-job.ts); the server checks it and gives it its selector.
import type { Argv, CommandModule } from "yargs";
import { lookupKind, type CronJob } from "@skiff/api";
import { namespaceFor, withClient, type GlobalArgs } from "../../context.js";
import { UserError } from "../../errors.js";
import { rethrowNotFound } from "../../kinds.js";
import { jobFromCronJob, jobFromImage } from "../../create-job.js";

interface CreateJobArgs extends GlobalArgs {
  name: string;
  from?: string;
  image?: string;
  command: string[];
  "--"?: string[];
}

export const createJobCommand: CommandModule<GlobalArgs, CreateJobArgs> = {
  command: "job <name> [command..]",
  describe: "Create a Job from a CronJob's template (--from=cronjob/NAME) or from an image",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .parserConfiguration({ "populate--": true })
      .positional("name", { type: "string", demandOption: true, describe: "The new Job's name" })
      .positional("command", { type: "string", array: true, default: [] as string[], describe: "With --image: the command, after --" })
      .option("from", { type: "string", describe: "cronjob/NAME: run the CronJob's Job now" })
      .option("image", { type: "string", describe: "The container image to run" })
      .example("skiff create job test-run --from=cronjob/backup", "")
      .example("skiff create job pi --image=busybox -- sh -c 'echo hello'", "") as unknown as Argv<CreateJobArgs>,
  handler: async (args) => {
    if (args.command.length) throw new UserError(`put the command after --: skiff create job ${args.name} --image=IMG -- ${args.command.join(" ")}`);
    if (!args.from === !args.image) throw new UserError("give either --from=cronjob/NAME or --image=IMAGE");
    const namespace = namespaceFor(args);
    await withClient(args, async (client) => {
      let job;
      if (args.from) {
        const [kind = "", source = ""] = args.from.split("/", 2);
        const info = lookupKind(kind);
        if (info?.kind !== "CronJob" || !source) throw new UserError(`--from must be cronjob/NAME, got "${args.from}"`);
        const cj = await client.get<CronJob>("CronJob", source, namespace).catch(rethrowNotFound(info, source));
        job = jobFromCronJob(args.name, cj);
      } else {
        job = jobFromImage(args.name, namespace, args.image ?? "", args["--"] ?? []);
      }
      await client.create(job);
      process.stdout.write(`job.batch/${args.name} created\n`);
    });
  },
};
