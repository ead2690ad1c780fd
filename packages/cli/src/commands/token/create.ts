// skiff token create [--ttl 24h] [--api]: print a new token, once, on stdout (as kubeadm does).
// Its secret is stored nowhere in clear: this is the only time anyone sees it.
import type { Argv, CommandModule } from "yargs";
import { parseDuration } from "@skiff/api";
import { withClient, type GlobalArgs } from "../../context.js";
import { UsageError } from "../../errors.js";

interface CreateArgs extends GlobalArgs {
  ttl?: string;
  api: boolean;
  description?: string;
  quiet: boolean;
  user?: string;
  group: string[];
}

export const createCommand: CommandModule<GlobalArgs, CreateArgs> = {
  command: "create",
  describe: "Make a join token (or an API token with --api) and print it",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("ttl", { type: "string", describe: "How long it is valid (e.g. 1h, 30m); default 24h for join tokens, forever for API tokens" })
      .option("api", { type: "boolean", default: false, describe: "An API token (a bearer token for the CLI or SDK) instead of a join token" })
      .option("description", { type: "string", describe: "A note shown by 'skiff token list'" })
      .option("user", { type: "string", describe: "An API token for this user (RBAC bindings name it); implies --api. Without it an API token is the admin, skiff:admin" })
      .option("group", { type: "string", array: true, default: [] as string[], describe: "A group of --user (repeatable)" })
      .option("quiet", { alias: "q", type: "boolean", default: false, describe: "Print the token only" })
      .example("skiff token create > join-token && skiff agent --server HOST:7443 --name node-3 --token-file join-token", "") as unknown as Argv<CreateArgs>,
  handler: async (args) => {
    const ttlSeconds = args.ttl === undefined ? undefined : parseDuration(args.ttl, "--ttl") / 1000;
    if (args.group.length > 0 && !args.user) throw new UsageError("--group needs --user: groups belong to a user");
    const api = args.api || Boolean(args.user);
    const created = await withClient(args, (client) => client.tokens.create(api ? "api" : "join", { ttlSeconds, description: args.description, user: args.user, groups: args.group }));
    process.stdout.write(`${created.token}\n`);
    if (args.quiet) return;
    const expires = created.expires ? `expires ${created.expires}` : "never expires";
    const hint = api
      ? `# API token ${created.id}${args.user ? ` for user ${args.user}` : ""} (${expires}): put it in a client config as 'token: <token>', or 'skiff kubeconfig --user'.\n`
      : `# join token ${created.id} (${expires}); CA hash ${created.caCertHash}.\n` +
        "# Save it to a file readable only by you, then on the new node:\n" +
        "#   skiff agent --server ADDR --name NODE --token-file FILE\n";
    process.stderr.write(hint);
  },
};
