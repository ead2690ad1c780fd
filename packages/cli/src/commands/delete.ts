// skiff delete KIND NAME... | -f FILE [--cascade=background|foreground|orphan] [--grace-period=N]
// [--force] [--now]: the cascade is sent as the Delete's propagationPolicy, which the server's
// garbage collector honours; the grace period (pods) as its gracePeriodSeconds, read as kubectl
// reads it (gracePeriodFor).
import type { Argv, CommandModule } from "yargs";
import type { PropagationPolicy } from "@skiff/client";
import { NotFoundError } from "@skiff/api";
import { namespaceFor, withClient, type GlobalArgs } from "../context.js";
import { UserError } from "../errors.js";
import { notFound, resolveKind } from "../kinds.js";
import { loadDocuments, readManifestFiles, toArray } from "../manifests.js";
import { kindRef } from "../output/printers.js";

interface DeleteArgs extends GlobalArgs {
  kind?: string;
  names: string[];
  filename?: string[];
  cascade: string;
  gracePeriod: number;
  force: boolean;
  now: boolean;
}

interface Target {
  kind: string;
  name: string;
  namespace: string;
}

export const deleteCommand: CommandModule<GlobalArgs, DeleteArgs> = {
  command: "delete [kind] [names..]",
  describe: "Delete objects by kind and name, or those in manifest files",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("kind", { type: "string", describe: "Kind, as kubectl names it (pods, po, deploy...)" })
      .positional("names", { type: "string", array: true, default: [] as string[] })
      .option("filename", { alias: "f", type: "string", coerce: toArray, describe: "Delete the objects these manifests name" })
      .option("cascade", {
        type: "string",
        default: "background",
        describe: 'What happens to the objects this one owns: "background" (deleted after), "foreground" (deleted first) or "orphan" (kept)',
      })
      .option("grace-period", {
        type: "number",
        default: -1,
        describe: "Seconds a pod is given to stop (-1: its terminationGracePeriodSeconds; 0 only with --force)",
      })
      .option("force", { type: "boolean", default: false, describe: "With --grace-period=0: remove at once, without waiting for the pod's node to stop it" })
      .option("now", { type: "boolean", default: false, describe: "Give pods a grace period of 1 second" }) as unknown as Argv<DeleteArgs>,
  handler: async (args) => {
    const propagationPolicy = cascadePolicy(String(args.cascade), (w) => process.stderr.write(w));
    const gracePeriodSeconds = gracePeriodFor(args, (w) => process.stderr.write(w));
    const targets = deleteTargets(args);
    const missing: NotFoundError[] = [];
    await withClient(args, async (client) => {
      for (const t of targets) {
        try {
          const obj = await client.delete(t.kind, t.name, { namespace: t.namespace, propagationPolicy, ...(gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {}) });
          process.stdout.write(`${kindRef(obj.kind || t.kind)} "${t.name}" ${gracePeriodSeconds === 0 ? "force deleted" : "deleted"}\n`);
        } catch (err) {
          // Keep going, as kubectl does: delete what exists, report what did not.
          if (!(err instanceof NotFoundError)) throw err;
          missing.push(notFound(resolveKind(t.kind), t.name, err));
        }
      }
    });
    if (missing.length) throw new AggregateError(missing, "some objects were not found");
  },
};

/**
 * --cascade as kubectl reads it (GetCascadingStrategy): the three policies, and the old booleans
 * (`true` = background, `false` = orphan) with its deprecation warning. A bare `--cascade` is background.
 */
export function cascadePolicy(value: string, warn: (text: string) => void): PropagationPolicy {
  switch (value) {
    case "background":
    case "foreground":
    case "orphan":
      return value;
    case "":
      return "background";
    case "true":
    case "false": {
      const policy = value === "true" ? "background" : "orphan";
      warn(`warning: --cascade=${value} is deprecated (boolean value) and can be replaced with --cascade=${policy}.\n`);
      return policy;
    }
    default:
      throw new UserError(`invalid cascade value (${value}). Must be "background", "foreground", or "orphan".`);
  }
}

/**
 * --grace-period, --force and --now as kubectl reads them (DeleteOptions.Complete, Validate):
 * --now is a grace period of 1; --force alone means 0, and comes with a warning (nothing waits for
 * the node to stop the pod); 0 without --force becomes 1 (kubectl's guard against accidental
 * data loss); --force with a grace period above 0 is refused. Undefined: the pod's own.
 */
export function gracePeriodFor(args: { gracePeriod: number; force: boolean; now: boolean }, warn: (text: string) => void): number | undefined {
  let grace = args.gracePeriod;
  if (!Number.isInteger(grace) || grace < -1) throw new UserError(`--grace-period must be a whole number of seconds, or -1 (got ${grace})`);
  if (args.now) {
    if (grace !== -1) throw new UserError("--now and --grace-period cannot be specified together");
    grace = 1;
  }
  if (grace === 0 && !args.force) grace = 1;
  if (args.force && grace === -1) grace = 0;
  if (args.force && grace > 0) throw new UserError("--force and --grace-period greater than 0 cannot be specified together");
  if (args.force) warn("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
  return grace >= 0 ? grace : undefined;
}

function deleteTargets(args: DeleteArgs): Target[] {
  const namespace = namespaceFor(args);
  if (args.filename?.length) {
    if (args.kind) throw new UserError("give either KIND NAME... or -f FILE, not both");
    const docs = loadDocuments(readManifestFiles(args.filename), { namespace, namespaceExplicit: Boolean(args.namespace) });
    return docs.map((d) => ({
      kind: d.object.kind,
      name: d.object.metadata.name,
      namespace: (d.raw.metadata as { namespace?: string }).namespace ?? namespace,
    }));
  }
  if (!args.kind) throw new UserError("you must specify the type of resource to delete, or -f FILE");
  const info = resolveKind(args.kind);
  if (args.names.length === 0) throw new UserError(`give the name of the ${info.singular} to delete`);
  return args.names.map((name) => ({ kind: info.kind, name, namespace }));
}
