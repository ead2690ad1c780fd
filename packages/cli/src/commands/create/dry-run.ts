// kubectl's `--dry-run=client -o yaml` habit for the verbs that make an object from flags: print
// what would be created (to edit and apply later), or create it and say `kind/name created`.
import type { Argv } from "yargs";
import type { ApiObject } from "@skiff/api";
import { UsageError } from "../../usage-error.js";
import { resourceName, toJson, toYaml } from "../../output/printers.js";

export interface DryRunArgs {
  dryRun?: string;
  output?: string;
}

export function dryRunOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .option("dry-run", { type: "string", describe: "client: print the object instead of creating it (with -o yaml|json|name)" })
    .option("output", { alias: "o", type: "string", choices: ["yaml", "json", "name"], describe: "Print the object created in this format" }) as Argv<T>;
}

export async function createAndSay(args: DryRunArgs, obj: ApiObject, create: (o: ApiObject) => Promise<ApiObject>, verb = "created"): Promise<void> {
  if (args.dryRun !== undefined && args.dryRun !== "client" && args.dryRun !== "none") {
    throw new UsageError(`Invalid dry-run value (${args.dryRun}). Must be "none" or "client".`);
  }
  const dry = args.dryRun === "client";
  const shown = dry ? obj : await create(obj);
  if (args.output === "yaml") process.stdout.write(toYaml([shown], true));
  else if (args.output === "json") process.stdout.write(toJson([shown], true));
  else process.stdout.write(`${resourceName(shown)}${args.output === "name" ? "" : ` ${verb}${dry ? " (dry run)" : ""}`}\n`);
}
