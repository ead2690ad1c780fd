// skiff scale KIND/NAME... | KIND NAME... --replicas N [--current-replicas M]: set spec.replicas of
// Deployments, ReplicaSets and StatefulSets, as `kubectl scale` does (a conflict-retrying update).
import type { Argv, CommandModule } from "yargs";
import { customKinds } from "@skiff/api";
import { scale } from "@skiff/client";
import { namespaceFor, withClient, type GlobalArgs } from "../context.js";
import { UserError } from "../errors.js";
import { rethrowNotFound } from "../kinds.js";
import { kindRef } from "../output/printers.js";
import { parseTargets } from "../resource-args.js";

interface ScaleArgs extends GlobalArgs {
  resources: string[];
  replicas?: number;
  currentReplicas: number;
}

export const SCALABLE = ["Deployment", "ReplicaSet", "StatefulSet"] as const;

export const scaleCommand: CommandModule<GlobalArgs, ScaleArgs> = {
  command: "scale <resources..>",
  describe: "Set the number of replicas of a Deployment, ReplicaSet or StatefulSet",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("resources", { type: "string", array: true, demandOption: true, describe: "KIND/NAME..., or KIND NAME..." })
      .option("replicas", { type: "number", describe: "The new number of replicas (required)" })
      .option("current-replicas", { type: "number", default: -1, describe: "Only scale if the current replicas are this many (-1: any)" })
      .example("skiff scale deployment/web --replicas 5", "")
      .example("skiff scale sts db --replicas 3 --current-replicas 2", "") as unknown as Argv<ScaleArgs>,
  handler: async (args) => {
    const replicas = args.replicas;
    if (replicas === undefined || !Number.isInteger(replicas) || replicas < 0) {
      throw new UserError("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
    }
    if (!Number.isInteger(args.currentReplicas) || args.currentReplicas < -1) throw new UserError("--current-replicas must be a whole number, or -1 for any");
    // And the custom kinds whose CRD has the scale subresource.
    const scalable = [...SCALABLE, ...customKinds().filter((k) => k.scale).map((k) => k.kind)];
    const targets = parseTargets(args.resources, { kinds: scalable, verb: "scale" });
    const namespace = namespaceFor(args);
    const currentReplicas = args.currentReplicas >= 0 ? args.currentReplicas : undefined;
    await withClient(args, async (client) => {
      for (const t of targets) {
        await scale(client, t.info.kind, t.name, replicas, { namespace, currentReplicas }).catch(rethrowNotFound(t.info, t.name));
        process.stdout.write(`${kindRef(t.info.kind)}/${t.name} scaled\n`);
      }
    });
  },
};
