// skiff auth can-i VERB RESOURCE [NAME] [-n NS | -A] [--as USER]: a SelfSubjectAccessReview,
// answered by the authorizer that judges every request. Prints `yes` (exit 0) or `no` (exit 1),
// as kubectl auth can-i, so scripts can branch on it. `--list`: every rule the user holds in the
// namespace, a SelfSubjectRulesReview, printed as kubectl prints it (rules-table.ts).
import type { Argv, CommandModule } from "yargs";
import { withClient, namespaceFor, type GlobalArgs } from "../../context.js";
import { CommandExit, UsageError } from "../../errors.js";
import { reviewFor } from "./review-attributes.js";
import { rulesTable, type RulesStatus } from "./rules-table.js";

interface CanIArgs extends GlobalArgs {
  verb?: string;
  resource?: string;
  name?: string;
  allNamespaces: boolean;
  quiet: boolean;
  list: boolean;
  headers: boolean;
}

export const canICommand: CommandModule<GlobalArgs, CanIArgs> = {
  command: "can-i [verb] [resource] [name]",
  describe: "Check whether an action is allowed: yes (exit 0) or no (exit 1)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("verb", { type: "string", describe: "get, list, watch, create, update, patch, delete, deletecollection, impersonate, or *" })
      .positional("resource", { type: "string", describe: "pods, deployments.apps, pods/log, deployments/scale, *, or a path (/healthz)" })
      .positional("name", { type: "string", describe: "One object's name (for rules limited by resourceNames)" })
      .option("all-namespaces", { alias: "A", type: "boolean", default: false, describe: "In every namespace" })
      .option("quiet", { alias: "q", type: "boolean", default: false, describe: "Print nothing: only the exit code answers" })
      .option("list", { type: "boolean", default: false, describe: "List every action allowed in the namespace (a SelfSubjectRulesReview)" })
      .option("headers", { type: "boolean", default: true, describe: "With --list: print the header line (--no-headers: not)" })
      .example("skiff auth can-i create deployments -n team-a", "")
      .example("skiff auth can-i delete pods --as alice -n team-b", "")
      .example("skiff auth can-i --list -n team-a --as alice", "") as unknown as Argv<CanIArgs>,
  handler: async (args) => {
    if (args.list) return list(args);
    if (!args.verb || !args.resource) throw new UsageError("you must specify two or three arguments: verb, resource, and optional resourceName (or --list)");
    const review = reviewFor(args.verb, args.resource, args.name ?? "", args.allNamespaces ? "" : namespaceFor(args));
    const answer = await withClient(args, (client) => client.create(review as never));
    const status = (answer as unknown as { status?: { allowed?: boolean; reason?: string } }).status;
    if (!args.quiet) process.stdout.write(status?.allowed ? "yes\n" : `no${status?.reason ? ` - ${status.reason}` : ""}\n`);
    if (!status?.allowed) throw new CommandExit(1);
  },
};

async function list(args: CanIArgs): Promise<void> {
  if (args.verb) throw new UsageError("--list takes no verb or resource: it lists them all");
  const review = { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectRulesReview", metadata: {}, spec: { namespace: namespaceFor(args) } };
  const answer = await withClient(args, (client) => client.create(review as never));
  const status = ((answer as unknown as { status?: RulesStatus }).status ?? {}) as RulesStatus;
  if (status.incomplete) process.stderr.write(`warning: the list may be incomplete: ${status.evaluationError ?? ""}\n`);
  const table = rulesTable(status);
  process.stdout.write(args.headers ? table : table.slice(table.indexOf("\n") + 1));
}
