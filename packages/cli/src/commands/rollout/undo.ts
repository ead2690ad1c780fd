// skiff rollout undo deployment/NAME|statefulset/NAME|daemonset/NAME [--to-revision N]: put an
// earlier revision's pod template back (the previous revision by default); the controller then
// rolls out to it. A Deployment's revisions are its ReplicaSets, a StatefulSet's and a DaemonSet's
// their ControllerRevisions.
import type { Argv, CommandModule } from "yargs";
import type { ControllerRevision, DaemonSet, Deployment, KindInfo, StatefulSet } from "@skiff/api";
import type { SkiffClient } from "@skiff/client";
import { retryOnConflict } from "@skiff/client";
import { namespaceFor, withClient, type GlobalArgs } from "../../context.js";
import { UserError } from "../../errors.js";
import { rethrowNotFound } from "../../kinds.js";
import { kindRef } from "../../output/printers.js";
import { parseTargets } from "../../resource-args.js";
import { rolledBackTo, undoTarget as revisionUndoTarget } from "../../revision-rollout.js";
import { rolledBack, sameTemplate, undoTarget } from "../../rollout.js";

interface UndoArgs extends GlobalArgs {
  resources: string[];
  toRevision: number;
}

export const undoCommand: CommandModule<GlobalArgs, UndoArgs> = {
  command: "undo <resources..>",
  describe: "Roll a Deployment, StatefulSet or DaemonSet back to an earlier revision (the previous one by default)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("resources", { type: "string", array: true, demandOption: true, describe: "deployment/NAME, statefulset/NAME or daemonset/NAME" })
      .option("to-revision", { type: "number", default: 0, describe: "The revision to go back to (0: the previous one)" })
      .example("skiff rollout undo deploy/web", "")
      .example("skiff rollout undo deploy/web --to-revision 2", "") as unknown as Argv<UndoArgs>,
  handler: async (args) => {
    const targets = parseTargets(args.resources, { kinds: ["Deployment", "StatefulSet", "DaemonSet"], verb: "rollout undo" });
    if (!Number.isInteger(args.toRevision) || args.toRevision < 0) throw new UserError("revision must be a positive integer");
    const namespace = namespaceFor(args);
    await withClient(args, async (client) => {
      for (const { info, name } of targets) {
        const result = await retryOnConflict(async () => {
          if (info.kind !== "Deployment") return undoByControllerRevision(client, info, name, namespace, args.toRevision);
          const deployment: Deployment = await client.deployments.get(name, { namespace }).catch(rethrowNotFound(info, name));
          if (deployment.spec.paused) {
            throw new UserError("you cannot rollback a paused deployment; resume it first with 'skiff rollout resume' and try again");
          }
          const target = undoTarget(deployment, await client.deployments.replicaSets(deployment), args.toRevision);
          if (sameTemplate(target.replicaSet.spec.template, deployment.spec.template)) {
            return `skipped rollback (current template already matches revision ${target.revision})`;
          }
          await client.deployments.update(rolledBack(deployment, target.replicaSet));
          return "rolled back";
        });
        process.stdout.write(`${kindRef(info.kind)}/${name} ${result}\n`);
      }
    });
  },
};

/** What undo needs of a kind whose revisions are ControllerRevisions. */
interface RevisionedClient {
  get(name: string, options: { namespace: string }): Promise<StatefulSet | DaemonSet>;
  controllerRevisions(workload: StatefulSet | DaemonSet): Promise<ControllerRevision[]>;
}

async function undoByControllerRevision(client: SkiffClient, info: KindInfo, name: string, namespace: string, toRevision: number): Promise<string> {
  const byKind: Partial<Record<string, RevisionedClient>> = { StatefulSet: client.statefulSets, DaemonSet: client.daemonSets };
  const workloads = byKind[info.kind];
  if (!workloads) throw new Error(`rollout undo: ${info.kind} has no ControllerRevisions`); // parseTargets allows only these kinds
  const current = await workloads.get(name, { namespace }).catch(rethrowNotFound(info, name));
  const target = revisionUndoTarget(current, await workloads.controllerRevisions(current), toRevision);
  if (sameTemplate(target.template, current.spec.template)) return `skipped rollback (current template already matches revision ${target.revision})`;
  await client.update(rolledBackTo(current, target));
  return "rolled back";
}
