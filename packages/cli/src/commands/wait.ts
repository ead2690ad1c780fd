// skiff wait KIND/NAME... (or KIND -l SELECTOR | --all) --for=delete|condition=C[=V]|jsonpath=P[=V]
// [--timeout 30s]: each object, read once and then followed by watch until it is as asked, as
// kubectl wait. Running out of time is exit 1 with kubectl's words.
import type { Argv, CommandModule } from "yargs";
import { NotFoundError, parseDuration, type ApiObject, type KindInfo } from "@skiff/api";
import type { SkiffClient } from "@skiff/client";
import { namespaceFor, withClient, type GlobalArgs } from "../context.js";
import { UserError } from "../errors.js";
import { resolveKind, resourceType } from "../kinds.js";
import { resourceName } from "../output/printers.js";
import { parseTargets } from "../resource-args.js";
import { isMet, metMessage, parseWaitFor, type WaitFor } from "../wait-for.js";

interface WaitArgs extends GlobalArgs {
  args: string[];
  for: string;
  timeout: string;
  selector?: string;
  all: boolean;
}

export const waitCommand: CommandModule<GlobalArgs, WaitArgs> = {
  command: "wait <args..>",
  describe: "Wait until objects are deleted, have a condition, or a field has a value",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("args", { type: "string", array: true, demandOption: true, describe: "KIND/NAME..., KIND NAME..., or KIND with -l / --all" })
      .option("for", { type: "string", demandOption: true, describe: "delete, condition=NAME[=VALUE] or jsonpath='{PATH}'[=VALUE]" })
      .option("timeout", { type: "string", default: "30s", describe: "How long to wait (0s: look once)" })
      .option("selector", { alias: "l", type: "string", describe: "Wait for every object of the kind these labels select" })
      .option("all", { type: "boolean", default: false, describe: "Wait for every object of the kind" })
      .example("skiff wait --for=condition=Available deployment/web --timeout=2m", "")
      .example("skiff wait pod/web --for=jsonpath='{.status.phase}'=Running", "")
      .example("skiff wait pods -l app=web --for=delete", "") as unknown as Argv<WaitArgs>,
  handler: async (args) => {
    const waitFor = parseWaitFor(args.for);
    const timeoutMs = parseDuration(args.timeout, "--timeout");
    const namespace = namespaceFor(args);
    await withClient(args, async (client) => {
      const objects = await targets(client, args, namespace);
      const deadline = Date.now() + timeoutMs;
      for (const { info, name } of objects) {
        const ns = info.namespaced ? namespace : "";
        const obj = await waitOne(client, info, name, ns, waitFor, deadline);
        process.stdout.write(`${obj ? resourceName(obj) : `${info.singular}/${name}`} ${metMessage(waitFor)}\n`);
      }
    });
  },
};

async function targets(client: SkiffClient, args: WaitArgs, namespace: string): Promise<{ info: KindInfo; name: string }[]> {
  if (!args.selector && !args.all) return parseTargets(args.args);
  if (args.args.length !== 1 || args.args[0]?.includes("/")) throw new UserError("with -l or --all, name one kind and no objects");
  const info = resolveKind(args.args[0] as string);
  const list = await client.list(info.kind, { namespace: info.namespaced ? namespace : "", labelSelector: args.selector });
  if (!list.items.length) throw new UserError("no matching resources found");
  return list.items.map((o) => ({ info, name: o.metadata.name }));
}

/** The object once it is as awaited (undefined once deleted); UserError at the deadline. */
async function waitOne(client: SkiffClient, info: KindInfo, name: string, namespace: string, w: WaitFor, deadline: number): Promise<ApiObject | undefined> {
  let current: ApiObject | undefined;
  try {
    current = await client.get(info.kind, name, namespace);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    if (w.type !== "delete") throw new NotFoundError(`${resourceType(info)} "${name}" not found`, { cause: err });
  }
  if (isMet(current, w)) return current;
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), Math.max(0, deadline - Date.now()));
  try {
    const events = client.watch(info.kind, { namespace, resourceVersion: current?.metadata.resourceVersion, signal: stop.signal });
    for await (const ev of events) {
      if (!ev.object || ev.object.metadata.name !== name) continue;
      const now = ev.type === "DELETED" ? undefined : ev.object;
      if (isMet(now, w)) return ev.type === "DELETED" ? ev.object : now;
    }
  } finally {
    clearTimeout(timer);
  }
  throw new UserError(`timed out waiting for the condition on ${resourceType(info)}/${name}`);
}
