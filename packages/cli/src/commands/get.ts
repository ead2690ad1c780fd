// skiff get KIND[,KIND...]|all [NAME...] [-n NS | -A] [-l SELECTOR] [--field-selector F]
//   [-o wide|yaml|json|name|jsonpath=T|custom-columns=C] [--sort-by P] [--show-labels] [-L KEY] [-w]
import type { Argv, CommandModule } from "yargs";
import { checkFieldSelector, FieldSelectorError, KINDS, matchesFieldSelector, NotFoundError, parseFieldSelector, type ApiObject, type Event, type FieldRequirement, type KindInfo } from "@skiff/api";
import type { SkiffClient } from "@skiff/client";
import { namespaceFor, withClient, type GlobalArgs } from "../context.js";
import { UserError } from "../errors.js";
import { notFound, resolveKinds, splitKindSlashName } from "../kinds.js";
import { columnsFor, type Related } from "../output/columns/index.js";
import { eventIsFor, sortEvents } from "../output/events.js";
import { OUTPUT_HELP, parseOutput } from "../output/output-format.js";
import { ObjectPrinter, type PrinterOptions } from "../output/print.js";
import { sortBy } from "../output/sort-by.js";
import { parseTarget } from "../resource-args.js";

interface GetArgs extends GlobalArgs {
  kind: string;
  names: string[];
  allNamespaces: boolean;
  selector?: string;
  fieldSelector?: string;
  output?: string;
  sortBy?: string;
  showLabels: boolean;
  labelColumns: string[];
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
      .positional("kind", { type: "string", demandOption: true, describe: "pods, deployments, services... (or po, deploy, svc); several as po,svc; all" })
      .positional("names", { type: "string", array: true, default: [] as string[] })
      .option("all-namespaces", { alias: "A", type: "boolean", default: false, describe: "List across every namespace" })
      .option("selector", { alias: "l", type: "string", describe: "Label selector, e.g. app=web,tier!=db" })
      .option("field-selector", { type: "string", describe: "Field selector, e.g. status.phase=Running,spec.nodeName=n1" })
      .option("output", { alias: "o", type: "string", describe: OUTPUT_HELP })
      .option("sort-by", { type: "string", describe: "Sort by a field, as a JSONPath: .metadata.creationTimestamp" })
      .option("show-labels", { type: "boolean", default: false, describe: "Add a LABELS column" })
      .option("label-columns", {
        alias: "L",
        type: "string",
        array: true,
        default: [] as string[],
        coerce: (v: string[]) => v.flatMap((s) => s.split(",")).filter(Boolean),
        describe: "A column for each of these label keys (-L app,tier)",
      })
      .option("watch", { alias: "w", type: "boolean", default: false, describe: "After listing, print each change" })
      .option("watch-only", { type: "boolean", default: false, describe: "Print changes only, without the list first" })
      .option("no-headers", { type: "boolean", default: false, describe: "Omit the table header" })
      .option("for", { type: "string", describe: "Events only: those about this object, KIND/NAME (e.g. pod/web)" })
      .example("skiff get pods -o wide", "")
      .example("skiff get deploy web -o yaml", "")
      .example("skiff get all -L app", "")
      .example("skiff get pods -o jsonpath='{.items[*].metadata.name}'", "")
      .example("skiff get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName --sort-by=.spec.nodeName", "")
      .example("skiff get events --for deployment/web -w", "")
      .epilog(kindsHelp()) as unknown as Argv<GetArgs>,
  handler: async (args) => {
    splitKindSlashName(args);
    const kinds = resolveKinds(args.kind);
    // `get all` or `get po,svc`: each row names its kind (pod/web), as kubectl's do.
    const several = kinds.length > 1 || args.kind.split(",").includes("all");
    if (args.names.length && args.selector) throw new UserError("name cannot be provided when a selector is specified");
    if (several && (args.watch || args.watchOnly)) throw new UserError("you may only specify a single resource type");
    const about = forFilter(kinds, args.for);
    const fields = fieldFilter(kinds, args.fieldSelector);
    const keep = (o: ApiObject) => about(o) && fields(o);
    const output = parseOutput(args.output);
    const namespace = namespaceFor(args);
    const options = (info: KindInfo): PrinterOptions => ({
      ...output,
      withNamespace: args.allNamespaces && info.namespaced,
      noHeaders: args.noHeaders,
      // Several names, a selector or a listing print as a List in yaml/json, as in kubectl.
      single: args.names.length === 1 && !several,
      showLabels: args.showLabels,
      labelColumns: args.labelColumns,
      withKind: several,
    });
    const first = kinds[0] as KindInfo;
    const isTable = new ObjectPrinter(options(first)).isTable;
    if (args.sortBy !== undefined) sortBy([], args.sortBy); // a bad path fails before any call
    await withClient(args, async (client) => {
      const groups: Group[] = [];
      for (const info of kinds) {
        const ns = info.namespaced && !args.allNamespaces ? namespace : "";
        const fetched = await fetch(client, info, args.names, ns, args.selector);
        const items = fetched.items.filter(keep);
        groups.push({ info, ...fetched, items: args.sortBy === undefined ? items : sortBy(items, args.sortBy) });
      }
      // Some tables sum other objects (a node's row, its pods): one more List, for tables only.
      // Watched events show clock times: each new line would otherwise say "0s".
      const clockTimes = (args.watch || args.watchOnly) && first.kind === "Event";
      const related = async (info: KindInfo): Promise<Related> => ({
        ...(isTable && columnsFor(info.kind).needsPods === true ? { pods: (await client.pods.list()).items } : {}),
        ...(clockTimes ? { clockTimes } : {}),
      });
      const printers = new Map(kinds.map((info) => [info, new ObjectPrinter(options(info))]));
      if (!args.watchOnly) {
        const all = groups.flatMap((g) => g.items);
        if (!all.length) {
          if (!groups.some((g) => g.missing.length) && !args.watch) process.stderr.write(noResources(first, args.allNamespaces ? "" : namespace) + "\n");
        } else if (isTable) {
          // A table per kind, a blank line between them, as kubectl prints `get all`.
          const tables: string[] = [];
          for (const g of groups) if (g.items.length) tables.push(printers.get(g.info)!.print(g.items, await related(g.info)));
          process.stdout.write(tables.join("\n"));
        } else {
          // One List (or stream of names) for every kind together.
          process.stdout.write(printers.get(first)!.print(all));
        }
      }
      const missing = groups.flatMap((g) => g.missing);
      if (missing.length) throw missingError(missing);
      if (args.watch || args.watchOnly) {
        const { resourceVersion } = groups[0] as Group;
        const printer = printers.get(first)!;
        printer.endListing();
        const names = new Set(args.names);
        const ns = first.namespaced && !args.allNamespaces ? namespace : "";
        // Ctrl-C ends the watch cleanly (exit 0), as it ends `logs -f`.
        const stop = new AbortController();
        const onSigint = () => stop.abort();
        process.once("SIGINT", onSigint);
        try {
          const events = client.watch(first.kind, { namespace: ns, labelSelector: args.selector, resourceVersion, signal: stop.signal });
          for await (const ev of events) {
            if (ev.type === "BOOKMARK" || !ev.object) continue;
            if (names.size && !names.has(ev.object.metadata.name)) continue;
            if (!keep(ev.object)) continue;
            process.stdout.write(printer.print([ev.object], await related(first)));
          }
        } finally {
          process.off("SIGINT", onSigint);
        }
      }
    });
  },
};

interface Group extends Fetched {
  info: KindInfo;
}

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
function forFilter(kinds: KindInfo[], typed: string | undefined): (o: ApiObject) => boolean {
  if (typed === undefined) return () => true;
  if (kinds.length !== 1 || kinds[0]?.kind !== "Event") throw new UserError("--for can only be used with events");
  const { info: target, name } = parseTarget([typed], { kinds: KINDS.map((k) => k.kind), verb: "get events --for" });
  return (o) => eventIsFor(o as Event, target.kind, name);
}

/**
 * `--field-selector`, applied here: the API's List takes a label selector only. The rules (which
 * fields each kind can be selected by, and Kubernetes' words for the others) are @skiff/api's,
 * the same the REST edge applies for kubectl.
 */
function fieldFilter(kinds: KindInfo[], selector: string | undefined): (o: ApiObject) => boolean {
  if (selector === undefined) return () => true;
  let reqs: FieldRequirement[];
  try {
    reqs = parseFieldSelector(selector);
    for (const info of kinds) checkFieldSelector(info.kind, reqs);
  } catch (err) {
    throw err instanceof FieldSelectorError ? new UserError(err.message) : err;
  }
  return (o) => matchesFieldSelector(o, reqs);
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
