// skiff rollout history deployment/NAME|statefulset/NAME|daemonset/NAME [--revision N]: the
// revisions (a Deployment's ReplicaSets, a StatefulSet's or DaemonSet's ControllerRevisions) with
// their change-cause, or the pod template of one revision.
import type { Argv, CommandModule } from "yargs";
import type { DaemonSet, Deployment, PodTemplateSpec, StatefulSet } from "@skiff/api";
import { namespaceFor, withClient, type GlobalArgs } from "../../context.js";
import { UserError } from "../../errors.js";
import { rethrowNotFound } from "../../kinds.js";
import { describeTemplate } from "../../output/describe/workloads.js";
import { DescribeWriter } from "../../output/describe/writer.js";
import { kindRef } from "../../output/printers.js";
import { parseTargets } from "../../resource-args.js";
import { templateRevisions } from "../../revision-rollout.js";
import { historyTable, revisions } from "../../rollout.js";

interface HistoryArgs extends GlobalArgs {
  resources: string[];
  revision: number;
}

export const historyCommand: CommandModule<GlobalArgs, HistoryArgs> = {
  command: "history <resources..>",
  describe: "List a Deployment's, StatefulSet's or DaemonSet's revisions, or show the pod template of one",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("resources", { type: "string", array: true, demandOption: true, describe: "deployment/NAME, statefulset/NAME or daemonset/NAME" })
      .option("revision", { type: "number", default: 0, describe: "Show the pod template of this revision" })
      .example("skiff rollout history deploy/web", "")
      .example("skiff rollout history deploy/web --revision 2", "") as unknown as Argv<HistoryArgs>,
  handler: async (args) => {
    const targets = parseTargets(args.resources, { kinds: ["Deployment", "StatefulSet", "DaemonSet"], verb: "rollout history" });
    if (!Number.isInteger(args.revision) || args.revision < 0) throw new UserError("revision must be a positive integer");
    const namespace = namespaceFor(args);
    await withClient(args, async (client) => {
      for (const { info, name } of targets) {
        let history: { revision: number; changeCause?: string; template: PodTemplateSpec }[];
        if (info.kind === "DaemonSet") {
          const ds: DaemonSet = await client.daemonSets.get(name, { namespace }).catch(rethrowNotFound(info, name));
          history = templateRevisions(await client.daemonSets.controllerRevisions(ds));
        } else if (info.kind === "StatefulSet") {
          const set: StatefulSet = await client.statefulSets.get(name, { namespace }).catch(rethrowNotFound(info, name));
          history = templateRevisions(await client.statefulSets.controllerRevisions(set));
        } else {
          const deployment: Deployment = await client.deployments.get(name, { namespace }).catch(rethrowNotFound(info, name));
          history = revisions(await client.deployments.replicaSets(deployment)).map((r) => ({ ...r, template: r.replicaSet.spec.template }));
        }
        const ref = `${kindRef(info.kind)}/${name}`;
        if (args.revision > 0) {
          const found = history.find((h) => h.revision === args.revision);
          if (!found) throw new UserError("unable to find the specified revision");
          const w = new DescribeWriter();
          describeTemplate(found.template, w);
          process.stdout.write(`${ref} with revision #${args.revision}\n${w.toString()}`);
        } else {
          process.stdout.write(`${ref}\n${history.length ? historyTable(history) : "No rollout history found.\n"}`);
        }
      }
    });
  },
};
