// skiff create configmap NAME [--from-literal=K=V] [--from-file=[K=]PATH] [--from-env-file=PATH], as kubectl.
import type { Argv, CommandModule } from "yargs";
import { namespaceFor, withClient, type GlobalArgs } from "../../context.js";
import { configMapFrom } from "../../create-objects.js";
import { readDataSources, type DataSources } from "../../data-sources.js";
import { createAndSay, type DryRunArgs, dryRunOptions } from "./dry-run.js";

interface Args extends GlobalArgs, DryRunArgs, DataSources {
  name: string;
}

/** The --from-* flags configmap and secret share. */
export function dataSourceOptions<T>(y: Argv<T>): Argv<T> {
  const list = { type: "string", array: true, default: [] as string[] } as const;
  return y
    .option("from-literal", { ...list, describe: "A key and its value: KEY=VALUE" })
    .option("from-file", { ...list, describe: "[KEY=]FILE: a file's content under its name (or KEY); a directory: each file in it" })
    .option("from-env-file", { ...list, describe: "A file of KEY=VALUE lines" }) as Argv<T>;
}

export const createConfigMapCommand: CommandModule<GlobalArgs, Args> = {
  command: "configmap <name>",
  aliases: ["cm"],
  describe: "Create a ConfigMap from literals, files or an env file",
  builder: (y: Argv<GlobalArgs>) =>
    dryRunOptions(
      dataSourceOptions(y.positional("name", { type: "string", demandOption: true })).example("skiff create configmap app --from-literal=mode=prod --from-file=config.yaml", ""),
    ) as unknown as Argv<Args>,
  handler: async (args) => {
    const obj = configMapFrom(args.name, namespaceFor(args), readDataSources(args));
    await createAndSay(args, obj, (o) => withClient(args, (c) => c.create(o)));
  },
};
