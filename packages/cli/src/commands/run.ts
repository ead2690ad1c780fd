// skiff run NAME --image=IMG [--port P] [--labels k=v,...] [--env K=V]... [--restart Always|OnFailure|Never]
//   [--command] [-- ARGS...]: one pod, as kubectl run makes it (labelled run=NAME).
import type { Argv, CommandModule } from "yargs";
import { namespaceFor, withClient, type GlobalArgs } from "../context.js";
import { podFrom } from "../create-objects.js";
import { UserError } from "../errors.js";
import { createAndSay, type DryRunArgs, dryRunOptions } from "./create/dry-run.js";

interface RunArgs extends GlobalArgs, DryRunArgs {
  name: string;
  image: string;
  port?: number;
  labels?: string;
  env: string[];
  restart: string;
  command: boolean;
  args: string[];
  "--"?: string[];
}

export const runCommand: CommandModule<GlobalArgs, RunArgs> = {
  command: "run <name> [args..]",
  describe: "Run an image in a new pod",
  builder: (y: Argv<GlobalArgs>) =>
    dryRunOptions(
      y
        .parserConfiguration({ "populate--": true })
        .positional("name", { type: "string", demandOption: true })
        .positional("args", { type: "string", array: true, default: [] as string[] })
        .option("image", { type: "string", default: "", describe: "The image to run" })
        .option("port", { type: "number", describe: "The containerPort to expose" })
        .option("labels", { alias: "l", type: "string", describe: "The pod's labels, k=v,... (default run=NAME)" })
        .option("env", { type: "string", array: true, default: [] as string[], describe: "An environment variable, K=V" })
        .option("restart", { type: "string", default: "Always", describe: "The pod's restartPolicy: Always, OnFailure or Never" })
        .option("command", { type: "boolean", default: false, describe: "The words after -- are the command, not the image's arguments" })
        .example("skiff run web --image=nginx --port=80", "")
        .example("skiff run once --image=busybox --restart=Never --command -- sh -c 'echo hi'", ""),
    ) as unknown as Argv<RunArgs>,
  handler: async (args) => {
    if (args.args.length) throw new UserError(`put the arguments after --: skiff run ${args.name} --image=IMG -- ${args.args.join(" ")}`);
    if (args.command && !(args["--"] ?? []).length) throw new UserError("--command needs the command after --");
    const obj = podFrom(args.name, namespaceFor(args), { ...args, args: args["--"] ?? [] });
    await createAndSay(args, obj, (o) => withClient(args, (c) => c.create(o)));
  },
};
