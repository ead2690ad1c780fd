// skiff patch KIND/NAME -p PATCH [--type strategic|merge|json]: as kubectl patch. The gRPC API
// has no Patch, so the patch is applied here, with @skiff/api's functions (the same the REST edge
// runs for kubectl), to the object just read; the Update carries the resourceVersion read, and a
// Conflict (someone wrote in between) starts again from a fresh read.
import { readFileSync } from "node:fs";
import type { Argv, CommandModule } from "yargs";
import { applyPatch, deepEqual, InvalidPatchError, type ApiObject, type JsonObject, type PatchType } from "@skiff/api";
import { retryOnConflict } from "@skiff/client";
import { parse } from "yaml";
import { namespaceFor, withClient, type GlobalArgs } from "../context.js";
import { UserError } from "../errors.js";
import { rethrowNotFound } from "../kinds.js";
import { kindRef } from "../output/printers.js";
import { parseTarget } from "../resource-args.js";

interface PatchArgs extends GlobalArgs {
  args: string[];
  patch?: string;
  patchFile?: string;
  type: PatchType;
}

export const patchCommand: CommandModule<GlobalArgs, PatchArgs> = {
  command: "patch <args..>",
  describe: "Change fields of an object with a strategic merge, JSON merge or JSON patch",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("args", { type: "string", array: true, demandOption: true, describe: "KIND/NAME, or KIND NAME" })
      .option("patch", { alias: "p", type: "string", describe: "The patch, JSON or YAML" })
      .option("patch-file", { type: "string", describe: "A file holding the patch" })
      .option("type", { choices: ["strategic", "merge", "json"] as const, default: "strategic" as const, describe: "How the patch is read" })
      .example(`skiff patch deploy/web -p '{"spec":{"replicas":2}}'`, "")
      .example(`skiff patch pod web --type json -p '[{"op":"remove","path":"/metadata/labels/tier"}]'`, "") as unknown as Argv<PatchArgs>,
  handler: async (args) => {
    const { info, name } = parseTarget(args.args);
    const body = readPatch(args);
    const namespace = info.namespaced ? namespaceFor(args) : "";
    await withClient(args, async (client) => {
      const changed = await retryOnConflict(async () => {
        const live = await client.get(info.kind, name, namespace).catch(rethrowNotFound(info, name));
        const patched = patchObject(args.type, live, body);
        if (deepEqual(patched, live)) return false;
        await client.update(patched);
        return true;
      });
      process.stdout.write(`${kindRef(info.kind)}/${name} patched${changed ? "" : " (no change)"}\n`);
    });
  },
};

/** -p or --patch-file, parsed as YAML (JSON is YAML). */
function readPatch(args: PatchArgs): unknown {
  if ((args.patch === undefined) === (args.patchFile === undefined)) throw new UserError("must specify --patch or --patch-file containing the contents of the patch");
  const text = args.patch ?? readFileSync(args.patchFile as string, "utf8");
  try {
    return parse(text);
  } catch (err) {
    throw new UserError(`unable to parse "${text}": ${(err as Error).message}`, { cause: err });
  }
}

/** `live` with the patch applied; a patch that does not apply is the user's to fix. */
export function patchObject(type: PatchType, live: ApiObject, body: unknown): ApiObject {
  try {
    return applyPatch(type, live.kind, live as unknown as JsonObject, body) as unknown as ApiObject;
  } catch (err) {
    throw err instanceof InvalidPatchError ? new UserError(err.message, { cause: err }) : err;
  }
}
