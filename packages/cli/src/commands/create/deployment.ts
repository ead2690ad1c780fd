// skiff create deployment NAME --image=IMG... [--replicas=N] [--port=P] [-- COMMAND...], as kubectl.
import type { Argv, CommandModule } from "yargs";
import { namespaceFor, withClient, type GlobalArgs } from "../../context.js";
import { deploymentFrom } from "../../create-objects.js";
import { createAndSay, type DryRunArgs, dryRunOptions } from "./dry-run.js";

interface Args extends GlobalArgs, DryRunArgs {
  name: string;
  image: string[];
  replicas: number;
  port?: number;
  "--"?: string[];
}

export const createDeploymentCommand: CommandModule<GlobalArgs, Args> = {
  command: "deployment <name>",
  aliases: ["deploy"],
  describe: "Create a Deployment running the given images",
  builder: (y: Argv<GlobalArgs>) =>
    dryRunOptions(
      y
        .parserConfiguration({ "populate--": true })
        .positional("name", { type: "string", demandOption: true })
        .option("image", { type: "string", array: true, default: [] as string[], describe: "An image to run (several: one container each)" })
        .option("replicas", { alias: "r", type: "number", default: 1, describe: "How many pods" })
        .option("port", { type: "number", describe: "The containerPort to expose" })
        .example("skiff create deployment web --image=nginx --replicas=3 --port=80", ""),
    ) as unknown as Argv<Args>,
  handler: async (args) => {
    const obj = deploymentFrom(args.name, namespaceFor(args), { images: args.image, replicas: args.replicas, port: args.port, command: args["--"] ?? [] });
    await createAndSay(args, obj, (o) => withClient(args, (c) => c.create(o)));
  },
};
