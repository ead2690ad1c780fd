// skiff explain KIND[.FIELD...]: the fields of a kind or of one of its fields, from the schemas
// @skiff/api validates objects with (no server needed), as kubectl explain shows them.
import type { Argv, CommandModule } from "yargs";
import { explainField, FieldNotFoundError } from "@skiff/api";
import type { GlobalArgs } from "../context.js";
import { UserError } from "../errors.js";
import { formatExplain } from "../explain.js";
import { resolveKind } from "../kinds.js";

interface ExplainArgs extends GlobalArgs {
  resource: string;
}

export const explainCommand: CommandModule<GlobalArgs, ExplainArgs> = {
  command: "explain <resource>",
  describe: "Show the fields of a kind, or of one of its fields (pod.spec.containers)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("resource", { type: "string", demandOption: true, describe: "KIND, or KIND.FIELD.FIELD..." })
      .example("skiff explain deployment.spec.strategy", "")
      .example("skiff explain pods.spec.containers.ports", "") as unknown as Argv<ExplainArgs>,
  handler: (args) => {
    // `deployments.apps.spec` would read `apps` as a field: kubectl takes a group after the kind only with --api-version, so does skiff.
    const [typed = "", ...path] = args.resource.split(".");
    const info = resolveKind(typed);
    let doc;
    try {
      doc = explainField(info.kind, path);
    } catch (err) {
      if (err instanceof FieldNotFoundError) throw new UserError(`${err.message}: ${err.path}`, { cause: err });
      throw err;
    }
    if (!doc) throw new UserError(`no schema for ${info.kind}`);
    process.stdout.write(formatExplain(info, path, doc));
  },
};
