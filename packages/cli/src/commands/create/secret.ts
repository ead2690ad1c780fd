// skiff create secret generic NAME [--from-literal=K=V] [--from-file=[K=]PATH] [--from-env-file=PATH] [--type=T], as kubectl.
import type { Argv, CommandModule } from "yargs";
import { namespaceFor, withClient, type GlobalArgs } from "../../context.js";
import { secretFrom } from "../../create-objects.js";
import { readDataSources, type DataSources } from "../../data-sources.js";
import { UserError } from "../../errors.js";
import { dataSourceOptions } from "./configmap.js";
import { createAndSay, type DryRunArgs, dryRunOptions } from "./dry-run.js";

interface Args extends GlobalArgs, DryRunArgs, DataSources {
  secretType: string;
  name: string;
  type?: string;
}

export const createSecretCommand: CommandModule<GlobalArgs, Args> = {
  command: "secret <secret-type> <name>",
  describe: "Create a Secret: generic, from literals, files or an env file",
  builder: (y: Argv<GlobalArgs>) =>
    dryRunOptions(
      dataSourceOptions(
        y
          .positional("secret-type", { type: "string", demandOption: true, describe: "generic (docker-registry and tls are not supported yet)" })
          .positional("name", { type: "string", demandOption: true })
          .option("type", { type: "string", describe: "The Secret's type (default Opaque)" }),
      ).example("skiff create secret generic db --from-literal=password=s3cret", ""),
    ) as unknown as Argv<Args>,
  handler: async (args) => {
    if (args.secretType !== "generic") throw new UserError(`unknown secret type "${args.secretType}": skiff creates generic secrets only (docker-registry and tls are not supported yet)`);
    const obj = secretFrom(args.name, namespaceFor(args), readDataSources(args), args.type);
    await createAndSay(args, obj, (o) => withClient(args, (c) => c.create(o)));
  },
};
