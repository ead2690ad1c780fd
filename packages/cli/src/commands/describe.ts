// skiff describe KIND [NAME...] [-n NS]: a readable, multi-line account of each object.
import type { Argv, CommandModule } from "yargs";
import type { ApiObject, Endpoints, Event, Pod, ReplicaSet } from "@skiff/api";
import type { SkiffClient } from "@skiff/client";
import { namespaceFor, withClient, type GlobalArgs } from "../context.js";
import { resolveKind, rethrowNotFound, splitKindSlashName } from "../kinds.js";
import { describeObject, NEEDS_ENDPOINTS, NEEDS_PODS, NEEDS_REPLICASETS } from "../output/describe/index.js";
import { kindsHelp, noResources } from "./get.js";

interface DescribeArgs extends GlobalArgs {
  kind: string;
  names: string[];
  selector?: string;
}

export const describeCommand: CommandModule<GlobalArgs, DescribeArgs> = {
  command: "describe <kind> [names..]",
  describe: "Show the details of objects (all of a kind when no name is given)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("kind", { type: "string", demandOption: true, describe: "pods, deployments, services... (or po, deploy, svc)" })
      .positional("names", { type: "string", array: true, default: [] as string[] })
      .option("selector", { alias: "l", type: "string", describe: "Label selector, e.g. app=web" })
      .epilog(kindsHelp()) as unknown as Argv<DescribeArgs>,
  handler: async (args) => {
    splitKindSlashName(args);
    const info = resolveKind(args.kind);
    const namespace = info.namespaced ? namespaceFor(args) : "";
    const { objects, pods, events, replicaSets, endpoints } = await withClient(args, async (client) => {
      const found: ApiObject[] = [];
      if (args.names.length === 0) {
        found.push(...(await client.list(info.kind, { namespace, labelSelector: args.selector })).items);
      }
      for (const name of args.names) found.push(await client.get(info.kind, name, namespace).catch(rethrowNotFound(info, name)));
      // A node's account lists the pods bound to it: one more call, across every namespace.
      const pods: Pod[] | undefined = found.length && NEEDS_PODS.has(info.kind) ? (await client.pods.list()).items : undefined;
      // Each object ends with the events about it: one List per namespace, filtered here by uid.
      const events = await listPerNamespace<Event>(client, "Event", found);
      const replicaSets = NEEDS_REPLICASETS.has(info.kind) ? await listPerNamespace<ReplicaSet>(client, "ReplicaSet", found) : undefined;
      const endpoints = NEEDS_ENDPOINTS.has(info.kind) ? await listPerNamespace<Endpoints>(client, "Endpoints", found) : undefined;
      return { objects: found, pods, events, replicaSets, endpoints };
    });
    if (objects.length === 0) process.stderr.write(noResources(info, namespace) + "\n");
    const ctx = { now: Date.now(), pods, events, replicaSets, endpoints };
    // A blank line between objects, as kubectl separates them.
    process.stdout.write(objects.map((o) => describeObject(o, ctx)).join("\n\n"));
  },
};

/**
 * Every object of `kind` in the namespaces of `objects`, one List per namespace. Events about
 * cluster-scoped objects (a Node) are kept in `default`, as Kubernetes does.
 */
async function listPerNamespace<T extends ApiObject>(client: SkiffClient, kind: string, objects: readonly ApiObject[]): Promise<T[]> {
  const namespaces = new Set(objects.map((o) => o.metadata.namespace || "default"));
  const lists = await Promise.all([...namespaces].map((namespace) => client.list<T>(kind, { namespace })));
  return lists.flatMap((l) => l.items);
}
