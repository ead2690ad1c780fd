// skiff api-resources: the kinds this skiff knows, from @skiff/api's registry and the server's CRDs, in kubectl's
// columns NAME SHORTNAMES APIVERSION NAMESPACED KIND (core group first, then by group, then name).
import type { Argv, CommandModule } from "yargs";
import { KINDS, customKinds, type KindInfo } from "@skiff/api";
import { learnCustomKinds } from "../custom-kinds.js";
import type { GlobalArgs } from "../context.js";
import { UsageError } from "../usage-error.js";
import { resourceType } from "../kinds.js";
import { formatTable } from "../output/table.js";

interface ApiResourcesArgs extends GlobalArgs {
  namespaced?: string;
  output?: string;
  noHeaders: boolean;
}

export const apiResourcesCommand: CommandModule<GlobalArgs, ApiResourcesArgs> = {
  command: "api-resources",
  describe: "List the kinds of object skiff knows, with their short names",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option("namespaced", { type: "string", describe: "true: only namespaced kinds; false: only cluster-wide ones" })
      .option("output", { alias: "o", type: "string", choices: ["name"], describe: "name: only resource names (pods, deployments.apps)" })
      .option("no-headers", { type: "boolean", default: false, describe: "Omit the table header" }) as unknown as Argv<ApiResourcesArgs>,
  handler: async (args) => {
    // The CRDs' kinds too, when the server can be asked (offline, the built-in ones alone).
    await learnCustomKinds(args.server);
    process.stdout.write(apiResources([...KINDS, ...customKinds()], args));
  },
};

const groupOf = (k: KindInfo) => (k.apiVersion.includes("/") ? (k.apiVersion.split("/")[0] as string) : "");

export function apiResources(kinds: readonly KindInfo[], opts: { namespaced?: string; output?: string; noHeaders?: boolean }): string {
  if (opts.namespaced !== undefined && opts.namespaced !== "true" && opts.namespaced !== "false") {
    throw new UsageError(`invalid argument "${opts.namespaced}" for "--namespaced" flag: expected true or false`);
  }
  const chosen = kinds
    .filter((k) => opts.namespaced === undefined || String(k.namespaced) === opts.namespaced)
    .sort((a, b) => groupOf(a).localeCompare(groupOf(b)) || a.plural.localeCompare(b.plural));
  if (opts.output === "name") return chosen.map((k) => resourceType(k) + "\n").join("");
  const rows = chosen.map((k) => [k.plural, k.shortNames.join(","), k.apiVersion, String(k.namespaced), k.kind]);
  return formatTable(opts.noHeaders ? undefined : ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"], rows);
}
