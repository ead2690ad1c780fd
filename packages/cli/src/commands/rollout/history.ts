// skiff rollout history deployment/NAME [--revision N]: the Deployment's revisions (its ReplicaSets)
// with their change-cause, or the pod template of one revision.
import type { Argv, CommandModule } from "yargs";
import type { Deployment } from "@skiff/api";
import { namespaceFor, withClient, type GlobalArgs } from "../../context.js";
import { UserError } from "../../errors.js";
import { rethrowNotFound } from "../../kinds.js";
import { describeTemplate } from "../../output/describe/workloads.js";
import { DescribeWriter } from "../../output/describe/writer.js";
import { kindRef } from "../../output/printers.js";
import { parseTargets } from "../../resource-args.js";
import { historyTable, revisions } from "../../rollout.js";

interface HistoryArgs extends GlobalArgs {
  resources: string[];
  revision: number;
}

export const historyCommand: CommandModule<GlobalArgs, HistoryArgs> = {
  command: "history <resources..>",
  describe: "List a Deployment's revisions, or show the pod template of one",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("resources", { type: "string", array: true, demandOption: true, describe: "deployment/NAME" })
      .option("revision", { type: "number", default: 0, describe: "Show the pod template of this revision" })
      .example("skiff rollout history deploy/web", "")
      .example("skiff rollout history deploy/web --revision 2", "") as unknown as Argv<HistoryArgs>,
  handler: async (args) => {
    const targets = parseTargets(args.resources, { kinds: ["Deployment"], verb: "rollout history" });
    if (!Number.isInteger(args.revision) || args.revision < 0) throw new UserError("revision must be a positive integer");
    const namespace = namespaceFor(args);
    await withClient(args, async (client) => {
      for (const { info, name } of targets) {
        const deployment: Deployment = await client.deployments.get(name, { namespace }).catch(rethrowNotFound(info, name));
        const history = revisions(await client.deployments.replicaSets(deployment));
        const ref = `${kindRef(info.kind)}/${name}`;
        if (args.revision > 0) {
          const found = history.find((h) => h.revision === args.revision);
          if (!found) throw new UserError("unable to find the specified revision");
          const w = new DescribeWriter();
          describeTemplate(found.replicaSet.spec.template, w);
          process.stdout.write(`${ref} with revision #${args.revision}\n${w.toString()}`);
        } else {
          process.stdout.write(`${ref}\n${history.length ? historyTable(history) : "No rollout history found.\n"}`);
        }
      }
    });
  },
};
