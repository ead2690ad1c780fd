// `skiff label` and `skiff annotate` are one command over two maps of metadata: for each object,
// a read-modify-write of its labels (or annotations), again from the read when someone else wrote
// it in between (the Update carries the resourceVersion read, so a stale write is a Conflict).
import type { Argv, CommandModule } from "yargs";
import { retryOnConflict } from "@skiff/client";
import { namespaceFor, withClient, type GlobalArgs } from "../context.js";
import { rethrowNotFound } from "../kinds.js";
import { applyMetadataChanges, parseMetadataArgs, type MetadataField } from "../metadata-edit.js";
import { kindRef } from "../output/printers.js";
import { parseTargets } from "../resource-args.js";

export interface MetadataArgs extends GlobalArgs {
  args: string[];
  overwrite: boolean;
}

export function metadataCommand(field: MetadataField, key: "labels" | "annotations", describe: string): CommandModule<GlobalArgs, MetadataArgs> {
  return {
    command: `${field.noun === "label" ? "label" : "annotate"} <args..>`,
    describe,
    builder: (y: Argv<GlobalArgs>) =>
      y
        .positional("args", { type: "string", array: true, demandOption: true, describe: `KIND/NAME... (or KIND NAME...), then KEY=VALUE... or KEY-` })
        .option("overwrite", { type: "boolean", default: false, describe: `Replace a ${field.noun} that already has a value` })
        .example(`skiff ${field.noun === "label" ? "label" : "annotate"} pod/web tier=front`, "")
        .example(`skiff ${field.noun === "label" ? "label" : "annotate"} deploy web tier-`, `remove the ${field.noun} tier`) as unknown as Argv<MetadataArgs>,
    handler: async (args) => {
      const changes = parseMetadataArgs(args.args, field);
      const targets = parseTargets(changes.resources);
      const namespace = namespaceFor(args);
      await withClient(args, async (client) => {
        for (const { info, name } of targets) {
          const outcome = await retryOnConflict(async () => {
            const current = await client.get(info.kind, name, info.namespaced ? namespace : "").catch(rethrowNotFound(info, name));
            const applied = applyMetadataChanges(current.metadata[key], changes, args.overwrite, field);
            for (const k of applied.absent) process.stderr.write(`${field.noun} "${k}" not found.\n`);
            if (!applied.outcome.startsWith("not ")) await client.update({ ...current, metadata: { ...current.metadata, [key]: applied.map } });
            return applied.outcome;
          });
          process.stdout.write(`${kindRef(info.kind)}/${name} ${outcome}\n`);
        }
      });
    },
  };
}
