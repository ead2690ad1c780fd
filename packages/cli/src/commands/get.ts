// skiff get KIND [NAME...] [-n NS | -A] [-l SELECTOR] [-o wide|yaml|json|name] [-w] [--watch-only]
import type { Argv, CommandModule } from "yargs";
import { KINDS, NotFoundError, type ApiObject, type Event, type KindInfo } from "@skiff/api";
import type { SkiffClient } from "@skiff/client";
import { namespaceFor, withClient, type GlobalArgs } from "../context.js";
import { UserError } from "../errors.js";
import { notFound, resolveKind, splitKindSlashName } from "../kinds.js";
import { columnsFor, type Related } from "../output/columns/index.js";
import { eventIsFor, sortEvents } from "../output/events.js";
import { ObjectPrinter, type OutputFormat } from "../output/print.js";
import { parseTarget } from "../resource-args.js";

interface GetArgs extends GlobalArgs {
  kind: string;
  names: string[];
  allNamespaces: boolean;
  selector?: string;
  output?: OutputFormat;
  watch: boolean;
  watchOnly: boolean;
  noHeaders: boolean;
  for?: string;
}

export const getCommand: CommandModule<GlobalArgs, GetArgs> = {
  command: "get <kind> [names..]",
  describe: "List objects of a kind, or show some by name",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("kind", { type: "string", demandOption: true, describe: "pods, deployments, services... (or po, deploy, svc)" })
      .positional("names", { type: "string", array: true, default: [] as string[] })
      .option("all-namespaces", { alias: "A", type: "boolean", default: false, describe: "List across every namespace" })
      .option("selector", { alias: "l", type: "string", describe: "Label selector, e.g. app=web,tier!=db" })
      .option("output", { alias: "o", choices: ["wide", "yaml", "json", "name"] as const, describe: "Output format" })
      .option("watch", { alias: "w", type: "boolean", default: false, describe: "After listing, print each change" })
      .option("watch-only", { type: "boolean", default: false, describe: "Print changes only, without the list first" })
      .option("no-headers", { type: "boolean", default: false, describe: "Omit the table header" })
      .option("for", { type: "string", describe: "Events only: those about this object, KIND/NAME (e.g. pod/web)" })
      .example("skiff get pods -o wide", "")
      .example("skiff get deploy web -o yaml", "")
      .example("skiff get events --for deployment/web -w", "")
      .epilog(kindsHelp()) as unknown as Argv<GetArgs>,
  handler: async (args) => {
    splitKindSlashName(args);
    const info = resolveKind(args.kind);
    if (args.names.length && args.selector) throw new UserError("name cannot be provided when a selector is specified");
    const about = forFilter(info, args.for);
    const allNamespaces = args.allNamespaces && info.namespaced;
    const namespace = info.namespaced && !allNamespaces ? namespaceFor(args) : "";
    const printer = new ObjectPrinter({
      format: args.output,
      withNamespace: allNamespaces,
      noHeaders: args.noHeaders,
      // Several names, a selector or a listing print as a List in yaml/json, as in kubectl.
      single: args.names.length === 1,
    });
    await withClient(args, async (client) => {
      const fetched = await fetch(client, info, args.names, namespace, args.selector);
      const { resourceVersion, missing } = fetched;
      const items = fetched.items.filter(about);
      // Some tables sum other objects (a node's row, its pods): one more List, for tables only.
      const needsPods = printer.isTable && columnsFor(info.kind).needsPods === true;
      const related = async (): Promise<Related> => (needsPods ? { pods: (await client.pods.list()).items } : {});
      if (!args.watchOnly) {
        if (items.length) process.stdout.write(printer.print(items, await related()));
        else if (!missing.length && !args.watch) process.stderr.write(noResources(info, namespace) + "\n");
      }
      if (missing.length) throw missingError(missing);
      if (args.watch || args.watchOnly) {
        const names = new Set(args.names);
        // Ctrl-C ends the watch cleanly (exit 0), as it ends `logs -f`.
        const stop = new AbortController();
        const onSigint = () => stop.abort();
        process.once("SIGINT", onSigint);
        try {
          const events = client.watch(info.kind, { namespace, labelSelector: args.selector, resourceVersion, signal: stop.signal });
          for await (const ev of events) {
            if (ev.type === "BOOKMARK" || !ev.object) continue;
            if (names.size && !names.has(ev.object.metadata.name)) continue;
            if (!about(ev.object)) continue;
            process.stdout.write(printer.print([ev.object], await related()));
          }
        } finally {
          process.off("SIGINT", onSigint);
        }
      }
    });
  },
};

/** The kinds skiff knows, with their short names, for the help text. */
export function kindsHelp(): string {
  const names = KINDS.map((k) => (k.shortNames.length ? `${k.plural} (${k.shortNames.join(", ")})` : k.plural));
  return `Kinds: ${names.join(", ")}`;
}

/** kubectl's message for an empty listing (on stderr, so scripts reading stdout see nothing). */
export function noResources(info: KindInfo, namespace: string): string {
  return info.namespaced && namespace ? `No resources found in ${namespace} namespace.` : "No resources found";
}

interface Fetched {
  items: ApiObject[];
  resourceVersion: string;
  missing: NotFoundError[];
}

async function fetch(client: SkiffClient, info: KindInfo, names: string[], namespace: string, selector?: string): Promise<Fetched> {
  if (names.length === 0) {
    const list = await client.list(info.kind, { namespace, labelSelector: selector });
    return { items: sortItems(list.items), resourceVersion: list.resourceVersion, missing: [] };
  }
  const items: ApiObject[] = [];
  const missing: NotFoundError[] = [];
  for (const name of names) {
    try {
      items.push(await client.get(info.kind, name, namespace));
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      missing.push(notFound(info, name, err));
    }
  }
  // Watch from the newest revision seen among the objects fetched: nothing after it is missed.
  const rv = items.reduce((max, o) => Math.max(max, Number(o.metadata.resourceVersion ?? 0)), 0);
  return { items, resourceVersion: String(rv), missing };
}

/** `--for KIND/NAME` (events only) as a filter; without it, everything passes. */
function forFilter(info: KindInfo, typed: string | undefined): (o: ApiObject) => boolean {
  if (typed === undefined) return () => true;
  if (info.kind !== "Event") throw new UserError("--for can only be used with events");
  const { info: target, name } = parseTarget([typed], { kinds: KINDS.map((k) => k.kind), verb: "get events --for" });
  return (o) => eventIsFor(o as Event, target.kind, name);
}

/** By namespace, then name: the order kubectl lists in; events by when they were last seen. */
function sortItems(items: ApiObject[]): ApiObject[] {
  if (items[0]?.kind === "Event") return sortEvents(items as Event[]);
  const key = (o: ApiObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name}`;
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function missingError(missing: NotFoundError[]): Error {
  if (missing.length === 1 && missing[0]) return missing[0];
  return new AggregateError(missing, "some objects were not found");
}
