// skiff rollout restart deployment/NAME|statefulset/NAME: a new pod template (annotated with the time),
// so the controller replaces every pod in a rolling update, as `kubectl rollout restart` does.
import type { Argv, CommandModule } from "yargs";
import type { DaemonSet, Deployment, StatefulSet } from "@skiff/api";
import { retryOnConflict } from "@skiff/client";
import { namespaceFor, withClient, type GlobalArgs } from "../../context.js";
import { UserError } from "../../errors.js";
import { rethrowNotFound } from "../../kinds.js";
import { kindRef } from "../../output/printers.js";
import { parseTargets } from "../../resource-args.js";
import { restarted } from "../../rollout.js";

interface RestartArgs extends GlobalArgs {
  resources: string[];
}

export const restartCommand: CommandModule<GlobalArgs, RestartArgs> = {
  command: "restart <resources..>",
  describe: "Replace every pod of a Deployment, StatefulSet or DaemonSet, in a rolling update",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("resources", { type: "string", array: true, demandOption: true, describe: "deployment/NAME, statefulset/NAME or daemonset/NAME" })
      .example("skiff rollout restart deploy/web", "") as unknown as Argv<RestartArgs>,
  handler: async (args) => {
    const targets = parseTargets(args.resources, { kinds: ["Deployment", "StatefulSet", "DaemonSet"], verb: "rollout restart" });
    const namespace = namespaceFor(args);
    await withClient(args, async (client) => {
      for (const { info, name } of targets) {
        await retryOnConflict(async () => {
          const obj = await client.get<Deployment | StatefulSet | DaemonSet>(info.kind, name, namespace).catch(rethrowNotFound(info, name));
          if (obj.kind === "Deployment" && obj.spec.paused) throw new UserError("can't restart paused deployment (run rollout resume first)");
          await client.update(restarted(obj, Date.now()));
        });
        process.stdout.write(`${kindRef(info.kind)}/${name} restarted\n`);
      }
    });
  },
};
