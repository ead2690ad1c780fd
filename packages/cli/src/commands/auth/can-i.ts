// skiff auth can-i VERB RESOURCE [NAME] [-n NS | -A] [--as USER]: a SelfSubjectAccessReview,
// answered by the authorizer that judges every request. Prints `yes` (exit 0) or `no` (exit 1),
// as kubectl auth can-i, so scripts can branch on it.
import type { Argv, CommandModule } from "yargs";
import { withClient, namespaceFor, type GlobalArgs } from "../../context.js";
import { CommandExit } from "../../errors.js";
import { reviewFor } from "./review-attributes.js";

interface CanIArgs extends GlobalArgs {
  verb: string;
  resource: string;
  name?: string;
  allNamespaces: boolean;
  quiet: boolean;
}

export const canICommand: CommandModule<GlobalArgs, CanIArgs> = {
  command: "can-i <verb> <resource> [name]",
  describe: "Check whether an action is allowed: yes (exit 0) or no (exit 1)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("verb", { type: "string", demandOption: true, describe: "get, list, watch, create, update, patch, delete, deletecollection, impersonate, or *" })
      .positional("resource", { type: "string", demandOption: true, describe: "pods, deployments.apps, pods/log, deployments/scale, *, or a path (/healthz)" })
      .positional("name", { type: "string", describe: "One object's name (for rules limited by resourceNames)" })
      .option("all-namespaces", { alias: "A", type: "boolean", default: false, describe: "In every namespace" })
      .option("quiet", { alias: "q", type: "boolean", default: false, describe: "Print nothing: only the exit code answers" })
      .example("skiff auth can-i create deployments -n team-a", "")
      .example("skiff auth can-i delete pods --as alice -n team-b", "") as unknown as Argv<CanIArgs>,
  handler: async (args) => {
    const review = reviewFor(args.verb, args.resource, args.name ?? "", args.allNamespaces ? "" : namespaceFor(args));
    const answer = await withClient(args, (client) => client.create(review as never));
    const status = (answer as unknown as { status?: { allowed?: boolean; reason?: string } }).status;
    if (!args.quiet) process.stdout.write(status?.allowed ? "yes\n" : `no${status?.reason ? ` - ${status.reason}` : ""}\n`);
    if (!status?.allowed) throw new CommandExit(1);
  },
};
